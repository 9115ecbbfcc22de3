/**
 * The ajv options of the IR schemas, shared by run-time compilation and the build's ahead-of-time compilation.
 * verbose: errors carry the failing value and schema, which the messages quote. strictRequired is off because a
 * oneof's branches require fields that the enclosing message, not the branch, declares.
 */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true } as const;
