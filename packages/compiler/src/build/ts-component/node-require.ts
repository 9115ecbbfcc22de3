/**
 * A CommonJS `require` resolving from the compiler's own location, to load packages only when needed
 * (esbuild) and to find package files (the runtime).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

// `import.meta.url` is empty in the CommonJS build of the compiler, where `__filename` is defined.
export const compilerRequire = createRequire(import.meta.url || pathToFileURL(__filename).href);
