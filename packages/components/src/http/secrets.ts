/**
 * Credentials come only from the environment or from files mounted from Kubernetes Secrets, are read
 * when needed, and are never logged or put into error messages.
 */
import { readFileSync } from 'node:fs';

/** Where to read a secret value from; the first source that yields a non-empty value wins. */
export interface SecretSource {
  /** Name of an environment variable holding the value. */
  env?: string;
  /** Path of a file holding the value, e.g. a mounted Secret key. */
  file?: string;
}

/** Reads a secret, trimmed; `undefined` when no source yields a value. A missing file is not an error. */
export function readSecret(source: SecretSource | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (!source) return undefined;
  const fromEnv = source.env ? env[source.env]?.trim() : undefined;
  if (fromEnv) return fromEnv;
  if (source.file) {
    try {
      const fromFile = readFileSync(source.file, 'utf8').trim();
      if (fromFile) return fromFile;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`cannot read secret file ${source.file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
      }
    }
  }
  return undefined;
}

/** `{ [header]: 'Bearer <token>' }` when the secret is present, else `{}`. */
export function bearerHeader(header: string, source: SecretSource | undefined): Record<string, string> {
  const token = readSecret(source);
  return token ? { [header]: `Bearer ${token}` } : {};
}
