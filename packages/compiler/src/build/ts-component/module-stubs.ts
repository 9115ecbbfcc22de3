/**
 * Stand-ins for `@kfp-ts/dsl` and `@kfp-ts/compiler` inside a component's bundle. The module that declares
 * a TypeScript component usually declares other things too (components, pipelines, even a compile call);
 * in the container none of that must run. In the stand-ins, `tsComponent` only
 * registers the component's `run` with the runtime, and everything else is inert: calls return a value
 * that absorbs any further use (property access, calls, `new`, string conversion), so pipeline bodies
 * never run and nothing reads files or compiles.
 */
import * as dsl from '@kfp-ts/dsl';

/**
 * A value that absorbs any use and is never a promise (`then` is undefined) nor iterates anything. Calls
 * are checked: while a component runs, they are mistakes (see `checkAuthoringCall` of the runtime).
 */
const INERT_VALUE = `const inert = new Proxy(function () {}, {
  get(_target, key) {
    if (key === Symbol.toPrimitive) return () => '';
    if (key === Symbol.iterator) return function* () {};
    if (key === 'then') return undefined;
    return inert;
  },
  apply() { checkAuthoringCall(PACKAGE); return inert; },
  construct() { checkAuthoringCall(PACKAGE); return inert; },
});
`;

function stubSource(packageName: string, exports: Record<string, unknown>, real: Record<string, string> = {}): string {
  const lines = [
    `import { checkAuthoringCall, registerComponent } from '@kfp-ts/runtime';`,
    `const PACKAGE = ${JSON.stringify(packageName)};`,
    INERT_VALUE,
  ];
  for (const [name, value] of Object.entries(exports)) {
    // A namespace seen through CommonJS interop also has `default` and `__esModule`, which are no named exports.
    if (name === 'default' || name === '__esModule' || !/^[A-Za-z_$][\w$]*$/.test(name)) continue;
    if (name in real) lines.push(real[name]);
    else if (typeof value === 'function') {
      lines.push(`export function ${name}() { checkAuthoringCall(${JSON.stringify(`${name}() of ${packageName}`)}); return inert; }`);
    } else if (isPlainConstant(value)) lines.push(`export const ${name} = ${JSON.stringify(value)};`);
    else lines.push(`export const ${name} = inert;`);
  }
  return lines.join('\n') + '\n';
}

/** Constants keep their values, except placeholder texts (`{{$…}}`), which the launcher would replace in a bundle. */
function isPlainConstant(value: unknown): boolean {
  if (typeof value === 'string') return !value.includes('{{');
  return value === null || typeof value === 'number' || typeof value === 'boolean';
}

/** The stand-in for `@kfp-ts/dsl`. */
export function dslStubSource(): string {
  return stubSource('@kfp-ts/dsl', dsl as unknown as Record<string, unknown>, {
    // The component keeps its \`run\`, which other code of the module may call.
    tsComponent: `export function tsComponent(options) {
  const run = options && options.run;
  registerComponent({ name: options && options.name, run });
  return new Proxy(inert, { get: (target, key) => (key === 'run' ? run : target[key]) });
}`,
  });
}

/** The stand-in for `@kfp-ts/compiler`, given the compiler's exports. */
export function compilerStubSource(compilerExports: Record<string, unknown>): string {
  return stubSource('@kfp-ts/compiler', compilerExports);
}
