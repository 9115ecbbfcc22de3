/**
 * Files that ship in the package beside its code (the Python sources of Python function components), found
 * from this module's location: `src/` in a checkout, `dist/` once built; both sit one level below the
 * package root, but the search goes upward so that other layouts work too.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const PACKAGE_NAME = '@kfp-ts/components';

// `import.meta.url` is empty in the CommonJS build, where `__filename` is defined.
const moduleUrl = import.meta.url || pathToFileURL(__filename).href;

/** The absolute path of `relativePath` (e.g. `python/onnx_export.py`) inside the installed package. */
export function packageFile(relativePath: string): string {
  const start = dirname(fileURLToPath(moduleUrl));
  for (let dir = start; ; dir = dirname(dir)) {
    if (isPackageRoot(dir)) {
      const path = join(dir, relativePath);
      if (!existsSync(path)) throw new Error(`${PACKAGE_NAME} is missing ${relativePath} (looked in ${dir})`);
      return path;
    }
    if (dirname(dir) === dir) {
      throw new Error(`cannot find the ${PACKAGE_NAME} package folder (with ${relativePath}) above ${start}`);
    }
  }
}

function isPackageRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME;
  } catch {
    return false;
  }
}
