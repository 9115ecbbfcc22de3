/**
 * Where the compiler package keeps its minimal `kfp` package (`python/kfp_local_shim`), which stands in
 * for the KFP SDK when the local Python does not have it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder to put on `PYTHONPATH` so that `import kfp` finds the stand-in. */
export function kfpShimPath(): string {
  // This module is `src/local/python/` in a checkout and `dist/` when built; the folder is at the package root.
  let dir = dirname(import.meta.url ? fileURLToPath(import.meta.url) : __filename);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@kfp-ts/compiler') {
      return join(dir, 'python', 'kfp_local_shim');
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('The @kfp-ts/compiler package folder (with python/kfp_local_shim) was not found.');
    dir = parent;
  }
}
