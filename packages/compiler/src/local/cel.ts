/**
 * A small interpreter for the part of CEL (the Common Expression Language) that KFP pipelines use: trigger
 * conditions such as `int(inputs.parameter_values['pipelinechannel--n']) > 5 && !(… == 'heads')` and
 * parameter selectors such as `parseJson(string_value)["lr"]`.
 *
 * Values follow CEL's types: integers are `bigint` (`5`, `int(x)`), doubles are `number` (`5.0`, and every
 * number that comes from a parameter, as protobuf values hold doubles), strings, booleans, `null`, lists
 * (arrays) and maps (plain objects). As in CEL, integers and doubles compare with each other by value, values
 * of other different types are never equal, and ordering them is an error.
 */

/** An expression CEL cannot parse or evaluate; the message says why in one line. */
export class CelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CelError';
  }
}

export type CelValue = bigint | number | string | boolean | null | CelValue[] | { [key: string]: CelValue };

/** The variables an expression can read, by name. */
export type CelEnvironment = Readonly<Record<string, CelValue>>;

// ---------------------------------------------------------------------------------------------------------
// Tokens

type Token =
  | { kind: 'int'; value: bigint; at: number }
  | { kind: 'double'; value: number; at: number }
  | { kind: 'string'; value: string; at: number }
  | { kind: 'ident'; value: string; at: number }
  | { kind: 'op'; value: string; at: number }
  | { kind: 'end'; at: number };

const OPERATORS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '+', '-', '*', '/', '%', '?', ':', '.', ',', '(', ')', '[', ']', '{', '}'];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i;
    const number = /^(?:0[xX][0-9a-fA-F]+|\d+(\.\d+)?([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?)[uU]?/.exec(text.slice(i));
    if (number && !/^\.\D/.test(text.slice(i))) {
      const raw = number[0].replace(/[uU]$/, '');
      const isDouble = /^\.|[.eE]/.test(raw) && !/^0[xX]/.test(raw);
      tokens.push(isDouble ? { kind: 'double', value: Number(raw), at } : { kind: 'int', value: BigInt(raw), at });
      i += number[0].length;
      continue;
    }
    const raw = (c === 'r' || c === 'R') && (text[i + 1] === "'" || text[i + 1] === '"');
    if (c === "'" || c === '"' || raw) {
      const [value, end] = readString(text, raw ? i + 1 : i, raw);
      tokens.push({ kind: 'string', value, at });
      i = end;
      continue;
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (ident) {
      tokens.push({ kind: 'ident', value: ident[0], at });
      i += ident[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new CelError(`unexpected character '${c}' at position ${i + 1}`);
    tokens.push({ kind: 'op', value: op, at });
    i += op.length;
  }
  tokens.push({ kind: 'end', at: text.length });
  return tokens;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '`': '`', '?': '?', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** Reads a quoted string starting at its opening quote; returns its value and the index after it. */
function readString(text: string, start: number, raw: boolean): [string, number] {
  const quote = text[start];
  let out = '';
  let i = start + 1;
  while (i < text.length) {
    const c = text[i];
    if (c === quote) return [out, i + 1];
    if (c === '\\' && !raw) {
      const next = text[i + 1];
      if (next === 'x' || next === 'u' || next === 'U') {
        const width = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = text.slice(i + 2, i + 2 + width);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== width) throw new CelError(`bad escape in string at position ${i + 1}`);
        out += String.fromCodePoint(parseInt(hex, 16));
        i += 2 + width;
        continue;
      }
      if (!(next in ESCAPES)) throw new CelError(`bad escape '\\${next ?? ''}' in string at position ${i + 1}`);
      out += ESCAPES[next];
      i += 2;
      continue;
    }
    out += c;
    i++;
  }
  throw new CelError(`unterminated string starting at position ${start + 1}`);
}

// ---------------------------------------------------------------------------------------------------------
// Syntax tree

type Node =
  | { type: 'literal'; value: CelValue }
  | { type: 'ident'; name: string }
  | { type: 'member'; target: Node; field: string }
  | { type: 'index'; target: Node; index: Node }
  | { type: 'call'; name: string; target?: Node; args: Node[] }
  | { type: 'unary'; op: '!' | '-'; operand: Node }
  | { type: 'binary'; op: string; left: Node; right: Node }
  | { type: 'ternary'; test: Node; then: Node; otherwise: Node }
  | { type: 'list'; items: Node[] }
  | { type: 'map'; entries: [Node, Node][] };

/** A recursive-descent parser following CEL's grammar (conditional, or, and, relation, addition, …). */
class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Node {
    const node = this.expression();
    const next = this.peek();
    if (next.kind !== 'end') throw new CelError(`unexpected ${describe(next)} at position ${next.at + 1}`);
    return node;
  }

  private peek(): Token {
    return this.tokens[this.pos];
  }

  private isOp(value: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.value === value;
  }

  private take(value: string): boolean {
    if (!this.isOp(value)) return false;
    this.pos++;
    return true;
  }

  private expect(value: string): void {
    if (!this.take(value)) {
      const t = this.peek();
      throw new CelError(`expected '${value}' but found ${describe(t)} at position ${t.at + 1}`);
    }
  }

  private expression(): Node {
    const test = this.or();
    if (!this.take('?')) return test;
    const then = this.or();
    this.expect(':');
    return { type: 'ternary', test, then, otherwise: this.expression() };
  }

  private or(): Node {
    let left = this.and();
    while (this.take('||')) left = { type: 'binary', op: '||', left, right: this.and() };
    return left;
  }

  private and(): Node {
    let left = this.relation();
    while (this.take('&&')) left = { type: 'binary', op: '&&', left, right: this.relation() };
    return left;
  }

  private relation(): Node {
    let left = this.addition();
    for (;;) {
      const t = this.peek();
      const op = t.kind === 'op' && ['==', '!=', '<', '<=', '>', '>='].includes(t.value) ? t.value : t.kind === 'ident' && t.value === 'in' ? 'in' : undefined;
      if (!op) return left;
      this.pos++;
      left = { type: 'binary', op, left, right: this.addition() };
    }
  }

  private addition(): Node {
    let left = this.multiplication();
    for (;;) {
      const op = this.isOp('+') ? '+' : this.isOp('-') ? '-' : undefined;
      if (!op) return left;
      this.pos++;
      left = { type: 'binary', op, left, right: this.multiplication() };
    }
  }

  private multiplication(): Node {
    let left = this.unary();
    for (;;) {
      const op = ['*', '/', '%'].find((o) => this.isOp(o));
      if (!op) return left;
      this.pos++;
      left = { type: 'binary', op, left, right: this.unary() };
    }
  }

  private unary(): Node {
    if (this.take('!')) return { type: 'unary', op: '!', operand: this.unary() };
    if (this.take('-')) {
      // A negative literal is one value, so that -9223372036854775808 and -1.5 read as written.
      const operand = this.unary();
      if (operand.type === 'literal' && (typeof operand.value === 'bigint' || typeof operand.value === 'number')) {
        return { type: 'literal', value: -operand.value };
      }
      return { type: 'unary', op: '-', operand };
    }
    return this.member();
  }

  private member(): Node {
    let node = this.primary();
    for (;;) {
      if (this.take('.')) {
        const name = this.identifier();
        if (this.take('(')) node = { type: 'call', name, target: node, args: this.arguments(')') };
        else node = { type: 'member', target: node, field: name };
      } else if (this.take('[')) {
        node = { type: 'index', target: node, index: this.expression() };
        this.expect(']');
      } else {
        return node;
      }
    }
  }

  private identifier(): string {
    const t = this.peek();
    if (t.kind !== 'ident') throw new CelError(`expected a name but found ${describe(t)} at position ${t.at + 1}`);
    this.pos++;
    return t.value;
  }

  private arguments(close: string): Node[] {
    const args: Node[] = [];
    if (this.take(close)) return args;
    do args.push(this.expression());
    while (this.take(','));
    this.expect(close);
    return args;
  }

  private primary(): Node {
    const t = this.peek();
    switch (t.kind) {
      case 'int':
      case 'double':
      case 'string':
        this.pos++;
        return { type: 'literal', value: t.value };
      case 'ident': {
        this.pos++;
        if (t.value === 'true' || t.value === 'false') return { type: 'literal', value: t.value === 'true' };
        if (t.value === 'null') return { type: 'literal', value: null };
        if (this.take('(')) return { type: 'call', name: t.value, args: this.arguments(')') };
        return { type: 'ident', name: t.value };
      }
      case 'op':
        if (this.take('(')) {
          const inner = this.expression();
          this.expect(')');
          return inner;
        }
        if (this.take('[')) return { type: 'list', items: this.arguments(']') };
        if (this.take('{')) {
          const entries: [Node, Node][] = [];
          if (!this.take('}')) {
            do {
              const key = this.expression();
              this.expect(':');
              entries.push([key, this.expression()]);
            } while (this.take(','));
            this.expect('}');
          }
          return { type: 'map', entries };
        }
        break;
      case 'end':
        break;
    }
    throw new CelError(`unexpected ${describe(t)} at position ${t.at + 1}`);
  }
}

function describe(t: Token): string {
  if (t.kind === 'end') return 'end of expression';
  if (t.kind === 'string') return `string '${t.value}'`;
  return `'${String(t.value)}'`;
}

// ---------------------------------------------------------------------------------------------------------
// Evaluation

function typeName(v: CelValue): string {
  if (v === null) return 'null';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'double';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  return Array.isArray(v) ? 'list' : 'map';
}

const isNumber = (v: CelValue): v is bigint | number => typeof v === 'bigint' || typeof v === 'number';

/** CEL's equality: numbers by value across int and double, lists and maps element by element. */
function equal(a: CelValue, b: CelValue): boolean {
  if (isNumber(a) && isNumber(b)) return a == b; // bigint == number compares the values
  if (typeName(a) !== typeName(b)) return false;
  if (Array.isArray(a)) {
    const bl = b as CelValue[];
    return a.length === bl.length && a.every((x, i) => equal(x, bl[i]));
  }
  if (a !== null && typeof a === 'object') {
    const bm = b as Record<string, CelValue>;
    const keys = Object.keys(a);
    return keys.length === Object.keys(bm).length && keys.every((k) => k in bm && equal(a[k], bm[k]));
  }
  return a === b;
}

function compare(op: string, a: CelValue, b: CelValue): boolean {
  const comparable =
    (isNumber(a) && isNumber(b)) || (typeof a === 'string' && typeof b === 'string') || (typeof a === 'boolean' && typeof b === 'boolean');
  if (!comparable) throw new CelError(`cannot compare ${typeName(a)} and ${typeName(b)} with '${op}'`);
  const x = a as number;
  const y = b as number;
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function checkedInt(v: bigint): bigint {
  if (v < INT64_MIN || v > INT64_MAX) throw new CelError('integer overflow');
  return v;
}

function arithmetic(op: string, a: CelValue, b: CelValue): CelValue {
  if (op === '+' && typeof a === 'string' && typeof b === 'string') return a + b;
  if (op === '+' && Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  if (typeof a === 'bigint' && typeof b === 'bigint') {
    if ((op === '/' || op === '%') && b === 0n) throw new CelError(op === '/' ? 'division by zero' : 'modulus by zero');
    if (op === '+') return checkedInt(a + b);
    if (op === '-') return checkedInt(a - b);
    if (op === '*') return checkedInt(a * b);
    if (op === '/') return checkedInt(a / b);
    return a % b;
  }
  if (typeof a === 'number' && typeof b === 'number' && op !== '%') {
    if (op === '+') return a + b;
    if (op === '-') return a - b;
    if (op === '*') return a * b;
    return a / b;
  }
  throw new CelError(`no operator '${op}' for ${typeName(a)} and ${typeName(b)}`);
}

function toBool(v: CelValue, what: string): boolean {
  if (typeof v !== 'boolean') throw new CelError(`${what} needs a bool, got ${typeName(v)}`);
  return v;
}

/** A double as Go's `strconv.FormatFloat(f, 'g', -1, 64)` writes it, which is how CEL's string() does. */
function doubleText(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const exponent = Math.floor(Math.log10(Math.abs(n)));
  if (exponent < -4 || exponent >= 21) {
    const [mantissa, exp] = n.toExponential().split('e');
    const e = Number(exp);
    return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(n);
}

function parseJson(text: CelValue): CelValue {
  if (typeof text !== 'string') throw new CelError(`parseJson() needs a string, got ${typeName(text)}`);
  try {
    // JSON numbers become doubles, as when a JSON text is read into protobuf values.
    return JSON.parse(text) as CelValue;
  } catch (e) {
    throw new CelError(`parseJson(): not valid JSON: ${(e as Error).message}`);
  }
}

function toInt(v: CelValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v <= -(2 ** 63) - 1024 || v >= 2 ** 63) throw new CelError(`int(): ${v} is out of range`);
    return BigInt(Math.trunc(v));
  }
  if (typeof v === 'string') {
    if (!/^[-+]?\d+$/.test(v)) throw new CelError(`int(): '${v}' is not an integer`);
    return checkedInt(BigInt(v));
  }
  if (typeof v === 'boolean') throw new CelError('int() does not take a bool');
  throw new CelError(`int() does not take a ${typeName(v)}`);
}

function toDouble(v: CelValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    const n = Number(v.trim());
    if (v.trim() === '' || (Number.isNaN(n) && v.trim() !== 'NaN')) throw new CelError(`double(): '${v}' is not a number`);
    return n;
  }
  throw new CelError(`double() does not take a ${typeName(v)}`);
}

function toText(v: CelValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return doubleText(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  throw new CelError(`string() does not take a ${typeName(v)}`);
}

function size(v: CelValue): bigint {
  if (typeof v === 'string') return BigInt([...v].length);
  if (Array.isArray(v)) return BigInt(v.length);
  if (v !== null && typeof v === 'object') return BigInt(Object.keys(v).length);
  throw new CelError(`size() does not take a ${typeName(v)}`);
}

function call(name: string, target: CelValue | undefined, args: CelValue[]): CelValue {
  const all = target === undefined ? args : [target, ...args];
  const arity = (n: number) => {
    if (all.length !== n) throw new CelError(`${name}() takes ${n} argument${n === 1 ? '' : 's'}, got ${all.length}`);
  };
  switch (name) {
    case 'int':
      arity(1);
      return toInt(all[0]);
    case 'uint':
      arity(1);
      return toInt(all[0]);
    case 'double':
      arity(1);
      return toDouble(all[0]);
    case 'string':
      arity(1);
      return toText(all[0]);
    case 'bool': {
      arity(1);
      const v = all[0];
      if (typeof v === 'boolean') return v;
      if (typeof v === 'string' && /^(true|TRUE|True|t|1)$/.test(v)) return true;
      if (typeof v === 'string' && /^(false|FALSE|False|f|0)$/.test(v)) return false;
      throw new CelError(`bool(): cannot convert ${typeName(v)} ${JSON.stringify(v)}`);
    }
    case 'size':
      arity(1);
      return size(all[0]);
    case 'parseJson':
      arity(1);
      return parseJson(all[0]);
    case 'contains':
    case 'startsWith':
    case 'endsWith': {
      arity(2);
      const [s, part] = all;
      if (typeof s !== 'string' || typeof part !== 'string') throw new CelError(`${name}() takes strings`);
      return name === 'contains' ? s.includes(part) : name === 'startsWith' ? s.startsWith(part) : s.endsWith(part);
    }
    default:
      throw new CelError(`unknown function '${name}'`);
  }
}

function select(target: CelValue, key: CelValue): CelValue {
  if (Array.isArray(target)) {
    if (!isNumber(key) || !Number.isInteger(Number(key))) throw new CelError(`a list index must be an integer, got ${typeName(key)}`);
    const i = Number(key);
    if (i < 0 || i >= target.length) throw new CelError(`index ${i} out of range (the list has ${target.length} items)`);
    return target[i];
  }
  if (target !== null && typeof target === 'object') {
    const k = typeof key === 'string' ? key : isNumber(key) || typeof key === 'boolean' ? String(key) : undefined;
    if (k === undefined || !Object.prototype.hasOwnProperty.call(target, k)) throw new CelError(`no such key: ${JSON.stringify(k ?? key)}`);
    return target[k];
  }
  throw new CelError(`cannot select ${JSON.stringify(key)} from a ${typeName(target)}`);
}

function evaluate(node: Node, env: CelEnvironment): CelValue {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'ident':
      if (!Object.prototype.hasOwnProperty.call(env, node.name)) throw new CelError(`undeclared reference to '${node.name}'`);
      return env[node.name];
    case 'member':
      return select(evaluate(node.target, env), node.field);
    case 'index':
      return select(evaluate(node.target, env), evaluate(node.index, env));
    case 'call':
      return call(node.name, node.target && evaluate(node.target, env), node.args.map((a) => evaluate(a, env)));
    case 'unary': {
      const v = evaluate(node.operand, env);
      if (node.op === '!') return !toBool(v, "'!'");
      if (typeof v === 'bigint') return checkedInt(-v);
      if (typeof v === 'number') return -v;
      throw new CelError(`cannot negate a ${typeName(v)}`);
    }
    case 'ternary':
      return toBool(evaluate(node.test, env), "'?:'") ? evaluate(node.then, env) : evaluate(node.otherwise, env);
    case 'list':
      return node.items.map((i) => evaluate(i, env));
    case 'map': {
      const out: Record<string, CelValue> = {};
      for (const [k, v] of node.entries) out[toText(evaluate(k, env))] = evaluate(v, env);
      return out;
    }
    case 'binary': {
      const { op } = node;
      if (op === '&&') return toBool(evaluate(node.left, env), "'&&'") && toBool(evaluate(node.right, env), "'&&'");
      if (op === '||') return toBool(evaluate(node.left, env), "'||'") || toBool(evaluate(node.right, env), "'||'");
      const a = evaluate(node.left, env);
      const b = evaluate(node.right, env);
      if (op === '==') return equal(a, b);
      if (op === '!=') return !equal(a, b);
      if (op === 'in') {
        if (Array.isArray(b)) return b.some((x) => equal(a, x));
        if (b !== null && typeof b === 'object') return typeof a === 'string' && Object.prototype.hasOwnProperty.call(b, a);
        throw new CelError(`'in' needs a list or a map, got ${typeName(b)}`);
      }
      if (['<', '<=', '>', '>='].includes(op)) return compare(op, a, b);
      return arithmetic(op, a, b);
    }
  }
}

/** Parses and evaluates a CEL expression; throws {@link CelError} for bad syntax or a failed evaluation. */
export function evaluateCel(expression: string, env: CelEnvironment): CelValue {
  const ast = new Parser(tokenize(expression)).parse();
  return evaluate(ast, env);
}

/** A CEL value as plain JSON-compatible JavaScript (integers become numbers). */
export function celToJson(value: CelValue): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(celToJson);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, celToJson(v)]));
  return value;
}

/** A JSON value (a parameter value) as CEL sees it: numbers are doubles. */
export function jsonToCel(value: unknown): CelValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(jsonToCel);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonToCel(v)]));
  return String(value);
}
