/**
 * Stand-ins for `@kfp-ts/dsl` and `@kfp-ts/compiler` inside a component's bundle. The module that declares
 * a TypeScript component usually declares other things too (components, pipelines, even a compile call);
 * in the container none of that may run or be bundled at full size. In the stand-ins, `tsComponent` only
 * registers the component's `run` with the runtime, and everything else is inert: calls return a value
 * that absorbs any further use (property access, calls, `new`, string conversion), so pipeline bodies
 * never run and nothing reads files or compiles.
 */
import * as dsl from '@kfp-ts/dsl';

/** A value that absorbs any use and is never a promise (`then` is undefined) nor iterates anything. */
const INERT_VALUE = `const inert = new Proxy(function () {}, {
  get(_target, key) {
    if (key === Symbol.toPrimitive) return () => '';
    if (key === Symbol.iterator) return function* () {};
    if (key === 'then') return undefined;
    return inert;
  },
  apply() { return inert; },
  construct() { return inert; },
});
`;

function stubSource(exports: Record<string, unknown>, real: Record<string, string> = {}, prelude = ''): string {
  const lines = [prelude, INERT_VALUE];
  for (const [name, value] of Object.entries(exports)) {
    if (name in real) lines.push(real[name]);
    else if (typeof value === 'function') lines.push(`export function ${name}() { return inert; }`);
    else if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) lines.push(`export const ${name} = ${JSON.stringify(value)};`);
    else lines.push(`export const ${name} = inert;`);
  }
  return lines.join('\n') + '\n';
}

/** The stand-in for `@kfp-ts/dsl`. */
export function dslStubSource(): string {
  return stubSource(
    dsl as unknown as Record<string, unknown>,
    {
      tsComponent: `export function tsComponent(options) {
  registerComponent({ name: options && options.name, run: options && options.run });
  return inert;
}`,
    },
    `import { registerComponent } from '@kfp-ts/runtime';`,
  );
}

/** The stand-in for `@kfp-ts/compiler`, given the compiler's exports. */
export function compilerStubSource(compilerExports: Record<string, unknown>): string {
  return stubSource(compilerExports);
}
