/**
 * npm package specs a TypeScript component installs at start-up: `name`, `name@range`, `@scope/name`,
 * `@scope/name@range`. The name is what the component's code imports (and what the bundle leaves out).
 */
import type { NpmPackage } from './component-spec.js';

const NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/i;

/** Parses a package spec; returns the reason it is not one when it is not. */
export function parseNpmPackage(spec: unknown): NpmPackage | string {
  if (typeof spec !== 'string' || spec.trim() === '') return 'a package must be given as a non-empty string';
  // The spec is quoted into a shell command line: keep to characters that quote safely.
  if (/['\n\r\\]/.test(spec)) return `package '${spec}' holds a quote, a backslash or a line break`;
  const at = spec.indexOf('@', spec.startsWith('@') ? 1 : 0);
  const name = at < 0 ? spec : spec.slice(0, at);
  if (!NAME.test(name)) return `'${spec}' is not an npm package spec (name or name@version)`;
  if (at >= 0 && spec.slice(at + 1).trim() === '') return `package '${spec}' has an empty version`;
  return { spec, name };
}
