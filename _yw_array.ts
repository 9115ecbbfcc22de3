/**
 * A YAML writer for JSON data (what IR documents are): block style, keys sorted by code point, two-space
 * indentation with sequences at their key's column. It is a single pass over the data, so a pipeline of
 * thousands of tasks is written in milliseconds rather than the seconds a general YAML library takes.
 *
 * Strings are written plain only when no YAML 1.1 or 1.2 reader can take them for anything but that string
 * (`yes`, `on`, `1:20` and `0x1F` are quoted, since the KFP backend's YAML reader follows YAML 1.1);
 * multi-line strings become literal blocks when that is exact, and everything else is a double-quoted JSON
 * string, which is valid YAML with the same escapes.
 */

/** The YAML text of a JSON value (an object at the top, as IR documents are). */
export function writeYaml(value: unknown): string {
  if (isNonEmptyMapping(value)) return mapping(value, 0);
  if (isNonEmptySequence(value)) return sequence(value, 0);
  return scalar(value, 0) + '\n';
}

type Mapping = Record<string, unknown>;

function isNonEmptyMapping(value: unknown): value is Mapping {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const key in value) if ((value as Mapping)[key] !== undefined) return true;
  return false;
}

function isNonEmptySequence(value: unknown): value is unknown[] {
  return Array.isArray(value) && value.length > 0;
}

const pads: string[] = [];
const pad = (n: number): string => (pads[n] ??= ' '.repeat(n));

/*
 * The text is built by concatenation (V8 joins the pieces once, at the end). `firstPad` replaces the
 * indentation of the first line: a mapping or sequence that is a sequence item starts on the item's dash line.
 */

function mapping(map: Mapping, indent: number, firstPad = pad(indent)): string {
  const keyPad = pad(indent);
  let text = '';
  let linePad = firstPad;
  // Keys in code unit order, as `<` compares strings (Python sorts by code point: the same for IR keys).
  for (const key of Object.keys(map).sort()) {
    const value = map[key];
    if (value === undefined) continue;
    text += linePad + mappingKey(key) + ':';
    linePad = keyPad;
    if (isNonEmptyMapping(value)) text += '\n' + mapping(value, indent + 2);
    else if (isNonEmptySequence(value)) text += '\n' + sequence(value, indent);
    else text += ' ' + scalar(value, indent + 2) + '\n';
  }
  return text;
}

function sequence(items: unknown[], indent: number, firstPad = pad(indent)): string {
  const itemPad = pad(indent);
  let text = '';
  let linePad = firstPad;
  for (const item of items) {
    const dash = linePad + '- ';
    linePad = itemPad;
    if (isNonEmptyMapping(item)) text += mapping(item, indent + 2, dash);
    else if (isNonEmptySequence(item)) text += sequence(item, indent + 2, dash);
    else text += dash + scalar(item === undefined ? null : item, indent + 2) + '\n';
  }
  return text;
}

/** A scalar (or an empty collection); `indent` is where a literal block's lines start. */
function scalar(value: unknown, indent: number): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return String(value);
  }
  if (typeof value === 'string') return stringScalar(value, indent);
  if (Array.isArray(value)) return '[]';
  if (typeof value === 'object') return '{}';
  throw new TypeError(`cannot write a ${typeof value} as YAML`);
}

function mappingKey(key: string): string {
  return isPlainSafe(key) ? key : doubleQuoted(key);
}

function stringScalar(text: string, indent: number): string {
  if (isPlainSafe(text)) return text;
  if (text.includes('\n')) {
    const block = literalBlock(text, indent);
    if (block !== undefined) return block;
  }
  return doubleQuoted(text);
}

/** Characters JSON leaves as they are but YAML must not see raw in a double-quoted scalar. */
const ESCAPE_FOR_YAML = /[\u007f-\u009f\u2028\u2029\ufeff]/g;

/** A JSON string is a YAML double-quoted scalar with the same escapes, once these few characters are escaped. */
function doubleQuoted(text: string): string {
  return JSON.stringify(text).replace(ESCAPE_FOR_YAML, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * A plain scalar here starts with a letter, digit, `_`, `/`, `(` or a `-` that is not a sequence dash, and holds
 * only letters, digits, space and `_ . / ( ) = + $ , ; -`: nothing that could make an indicator, comment, flow
 * collection, alias, tag, block scalar or `key: value`.
 */
const PLAIN_FIRST = /^[A-Za-z0-9_/(]/;
const PLAIN_BODY = /^[A-Za-z0-9_./() =+$,;-]*$/;
/** Words YAML 1.1 or 1.2 readers turn into booleans or null. */
const RESERVED_WORDS = /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL)$/;
/** Anything that starts like a number, a timestamp or `.inf`/`.nan` (`-.` included: some readers take it for NaN). */
const NUMBER_LIKE = /^[-+]?[.0-9]/;

function isPlainSafe(text: string): boolean {
  if (text === '' || text.length > 1024) return false;
  const first = text[0];
  const last = text[text.length - 1];
  if (!(PLAIN_FIRST.test(first) || (first === '-' && text.length > 1 && text[1] !== ' '))) return false;
  if (last === ' ') return false;
  if (!PLAIN_BODY.test(text)) return false;
  return !RESERVED_WORDS.test(text) && !NUMBER_LIKE.test(text);
}

/** Printable characters other than line breaks that a literal block keeps as they are (tab included). */
const LITERAL_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\ud800-\udfff]/;

/**
 * `|` (one final line break), `|-` (none) — or undefined when a literal block would not read back as the
 * same text: several final line breaks, a first line starting with a space (it would set the indentation),
 * lines of only spaces, or characters a block cannot hold.
 */
function literalBlock(text: string, indent: number): string | undefined {
  if (LITERAL_UNSAFE.test(text) || text.includes('\r')) return undefined;
  const chomp = text.endsWith('\n') ? '' : '-';
  const body = chomp ? text : text.slice(0, -1);
  if (body.endsWith('\n') || body === '') return undefined;
  const lines = body.split('\n');
  const firstContent = lines.find((line) => line !== '');
  if (firstContent === undefined || firstContent.startsWith(' ') || firstContent.startsWith('\t')) return undefined;
  if (lines.some((line) => line !== '' && line.trim() === '')) return undefined;
  const linePad = pad(indent);
  return `|${chomp}\n` + lines.map((line) => (line === '' ? '' : linePad + line)).join('\n');
}
