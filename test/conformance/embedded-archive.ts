/**
 * Archives embedded in Python component programs (`__KFP_EMBEDDED_ARCHIVE_B64 = '<base64 of a .tar.gz>'`,
 * written for embedded artifacts and notebooks). Their bytes hold gzip and tar timestamps, file modes and
 * owners that change from one compilation to the next, so goldens compare them by what they extract to:
 * each entry's name, kind and content.
 */
import { gunzipSync } from 'node:zlib';

/** One entry of a tar archive, reduced to what extracting it produces. */
export interface ArchiveEntry {
  name: string;
  kind: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  /** File content (base64); the link target for links; empty otherwise. */
  content: string;
}

const EMBEDDED_ARCHIVE = /(__KFP_EMBEDDED_ARCHIVE_B64 = ')([A-Za-z0-9+/=]*)(')/g;
const BLOCK = 512;

/** The base64 archives embedded in `text`, in order. */
export function embeddedArchives(text: string): string[] {
  return [...text.matchAll(EMBEDDED_ARCHIVE)].map((m) => m[2]);
}

/** `text` with every embedded archive replaced by a fixed marker, to compare the code around it. */
export function withoutEmbeddedArchives(text: string): string {
  return text.replace(EMBEDDED_ARCHIVE, '$1<archive>$3');
}

/** The entries of a base64 `.tar.gz`, sorted by name. */
export function decodeEmbeddedArchive(base64: string): ArchiveEntry[] {
  return tarEntries(gunzipSync(Buffer.from(base64, 'base64'))).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function cString(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length);
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? length : end).toString('utf8');
}

function octal(block: Buffer, start: number, length: number): number {
  const text = cString(block, start, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

/** `<length> <key>=<value>\n` records of a pax extended header. */
function paxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    if (space < 0) break;
    const length = parseInt(data.subarray(at, space).toString('ascii'), 10);
    if (!(length > 0)) break;
    const record = data.subarray(space + 1, at + length - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return records;
}

const KINDS: Record<string, ArchiveEntry['kind']> = { '0': 'file', '\0': 'file', '7': 'file', '5': 'directory', '2': 'symlink', '1': 'hardlink' };

/** Directories are stored with a trailing `/`, and members may start with `./`: both extract the same. */
function normalizedName(name: string): string {
  const trimmed = name.replace(/\/+$/, '').replace(/^(\.\/)+(?=.)/, '');
  return trimmed === '' ? '.' : trimmed;
}

/** Parses ustar/pax/GNU tar data. */
function tarEntries(tar: Buffer): ArchiveEntry[] {
  const entries: ArchiveEntry[] = [];
  let pending = new Map<string, string>();
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    const type = String.fromCharCode(header[156]);
    const size = pending.has('size') ? Number(pending.get('size')) : octal(header, 124, 12);
    const data = tar.subarray(at + BLOCK, at + BLOCK + size);
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;

    if (type === 'x') {
      pending = new Map([...pending, ...paxRecords(data)]);
      continue;
    }
    if (type === 'L' || type === 'K') {
      pending.set(type === 'L' ? 'path' : 'linkpath', cString(data, 0, data.length));
      continue;
    }
    if (type === 'g') continue;

    const prefix = cString(header, 257, 5) === 'ustar' ? cString(header, 345, 155) : '';
    const shortName = cString(header, 0, 100);
    const name = normalizedName(pending.get('path') ?? (prefix ? `${prefix}/${shortName}` : shortName));
    const kind = KINDS[type] ?? 'other';
    const link = pending.get('linkpath') ?? cString(header, 157, 100);
    const content = kind === 'file' ? data.toString('base64') : kind === 'symlink' || kind === 'hardlink' ? link : '';
    entries.push({ name, kind, content });
    pending = new Map();
  }
  return entries;
}
