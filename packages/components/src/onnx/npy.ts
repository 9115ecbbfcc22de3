/**
 * NumPy `.npy` files (format versions 1–3), the form in which an export script saves sample inputs and
 * the reference outputs of the exported model (`np.save`). Values are read as float32; C order only.
 */
import { readFile, writeFile } from 'node:fs/promises';

/** A dense float32 tensor in row-major order. */
export interface FloatTensor {
  dims: number[];
  data: Float32Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY

/** Element types read, by their `descr` without the byte-order character. */
const READERS: Record<string, { size: number; read: (view: DataView, offset: number, little: boolean) => number }> = {
  f4: { size: 4, read: (v, o, l) => v.getFloat32(o, l) },
  f8: { size: 8, read: (v, o, l) => v.getFloat64(o, l) },
  f2: { size: 2, read: (v, o, l) => halfToFloat(v.getUint16(o, l)) },
  u1: { size: 1, read: (v, o) => v.getUint8(o) },
  i1: { size: 1, read: (v, o) => v.getInt8(o) },
  b1: { size: 1, read: (v, o) => v.getUint8(o) },
  u2: { size: 2, read: (v, o, l) => v.getUint16(o, l) },
  i2: { size: 2, read: (v, o, l) => v.getInt16(o, l) },
  i4: { size: 4, read: (v, o, l) => v.getInt32(o, l) },
  u4: { size: 4, read: (v, o, l) => v.getUint32(o, l) },
  i8: { size: 8, read: (v, o, l) => Number(v.getBigInt64(o, l)) },
  u8: { size: 8, read: (v, o, l) => Number(v.getBigUint64(o, l)) },
};

/** Parses `.npy` bytes. `source` names the file in errors. */
export function parseNpy(bytes: Uint8Array, source = '<npy>'): FloatTensor {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new Error(`${source}: not a .npy file`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new Error(`${source}: unsupported .npy format version ${major}`);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = major === 1 ? 10 : 12;
  const dataStart = headerStart + headerLength;
  if (dataStart > bytes.length) throw new Error(`${source}: truncated .npy header`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataStart));

  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) throw new Error(`${source}: malformed .npy header`);
  if (fortran === 'True') throw new Error(`${source}: Fortran-ordered arrays are not supported; save with np.ascontiguousarray`);
  const dims = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => Number(s.replace(/L$/, '')));
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) throw new Error(`${source}: bad shape (${shapeText})`);

  const order = descr[0];
  const reader = READERS[descr.slice(1)];
  if (!reader || !'<>|='.includes(order)) throw new Error(`${source}: unsupported element type '${descr}'`);
  const little = order !== '>';
  const count = dims.reduce((a, b) => a * b, 1);
  if (dataStart + count * reader.size > bytes.length) {
    throw new Error(`${source}: holds ${bytes.length - dataStart} data bytes, shape (${dims.join(', ')}) needs ${count * reader.size}`);
  }
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = reader.read(view, dataStart + i * reader.size, little);
  return { dims, data };
}

/** Reads a `.npy` file. */
export async function readNpy(path: string): Promise<FloatTensor> {
  return parseNpy(await readFile(path), path);
}

/** Serializes a float32 tensor as `.npy` (format 1.0, little-endian). */
export function formatNpy(tensor: FloatTensor): Uint8Array {
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  if (count !== tensor.data.length) throw new Error(`shape (${tensor.dims.join(', ')}) does not match ${tensor.data.length} values`);
  const shape = tensor.dims.length === 1 ? `(${tensor.dims[0]},)` : `(${tensor.dims.join(', ')})`;
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': ${shape}, }`;
  // The data starts at a multiple of 64 bytes; the header ends with a newline.
  const padded = Math.ceil((10 + header.length + 1) / 64) * 64;
  header = header.padEnd(padded - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(padded + count * 4);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const view = new DataView(out.buffer, padded);
  for (let i = 0; i < count; i++) view.setFloat32(i * 4, tensor.data[i], true);
  return out;
}

/** Writes a float32 tensor to a `.npy` file. */
export async function writeNpy(path: string, tensor: FloatTensor): Promise<void> {
  await writeFile(path, formatNpy(tensor));
}

function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 0x1f) return fraction ? Number.NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}
