/**
 * Parameter values as the KFP backend moves them between tasks: the text form of a value (what a STRING
 * input receives when given a number or a list), the typed value of a parameter file's text, and the type
 * checks the driver makes before a task runs.
 */
import { valueFitsParameterType, type ParameterTypeName } from '@kfp-ts/dsl';

/** A number in fixed notation with the fewest digits that read back the same (Go's `FormatFloat(f, 'f', -1)`). */
function fixedText(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  const text = String(n);
  if (!/e/i.test(text)) return text;
  const [mantissa, exponentText] = Math.abs(n).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  let fixed: string;
  if (exponent >= 0) {
    fixed = digits.length <= exponent + 1 ? digits + '0'.repeat(exponent + 1 - digits.length) : `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  } else {
    fixed = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  return n < 0 ? `-${fixed}` : fixed;
}

/**
 * The text of a parameter value as the backend writes it: a string as is, a number in fixed notation,
 * `true`/`false`, lists and objects as JSON, nothing for null.
 */
export function parameterText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return fixedText(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

/**
 * The value of a parameter file's text for an output of IR type `type`, read as the launcher reads it.
 *
 * @throws TypeError naming what the text should have been.
 */
export function parameterFromText(text: string, type: ParameterTypeName | string): unknown {
  const trimmed = text.trim();
  switch (type) {
    case 'NUMBER_INTEGER':
      if (!/^[-+]?\d+$/.test(trimmed)) throw new TypeError(`'${clip(text)}' is not an integer`);
      return Number(trimmed);
    case 'NUMBER_DOUBLE': {
      const n = Number(trimmed);
      if (trimmed === '' || Number.isNaN(n)) throw new TypeError(`'${clip(text)}' is not a number`);
      return n;
    }
    case 'BOOLEAN':
      if (/^(1|t|T|TRUE|true|True)$/.test(trimmed)) return true;
      if (/^(0|f|F|FALSE|false|False)$/.test(trimmed)) return false;
      throw new TypeError(`'${clip(text)}' is not true or false`);
    case 'LIST':
    case 'STRUCT':
    case 'TASK_FINAL_STATUS': {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        throw new TypeError(`'${clip(text)}' is not JSON`);
      }
      const isList = Array.isArray(value);
      const isObject = typeof value === 'object' && value !== null && !isList;
      if (type === 'LIST' ? !isList : !isObject) throw new TypeError(`'${clip(text)}' is not a JSON ${type === 'LIST' ? 'list' : 'object'}`);
      return value;
    }
    default:
      return text;
  }
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** An output parameter value the launcher handed back, in its declared type (file text is parsed). */
export function typedOutputParameter(value: unknown, type: ParameterTypeName | string | undefined): unknown {
  if (typeof value === 'string' && type && type !== 'STRING') return parameterFromText(value, type);
  return value;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'object') return 'struct';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

/**
 * An input parameter value as the driver hands it to a component: any value is accepted by a STRING input
 * (as its text); other types must match.
 *
 * @throws TypeError saying which type was expected and which came.
 */
export function inputParameterValue(value: unknown, type: ParameterTypeName | string): unknown {
  if (type === 'STRING') return typeof value === 'string' ? value : parameterText(value);
  if (type === 'TASK_FINAL_STATUS' || type === 'TASK_CONFIG') return value;
  if (value === null || value === undefined) throw new TypeError(`got no value where ${type} was expected`);
  const fits =
    type === 'NUMBER_DOUBLE' || type === 'NUMBER_INTEGER' ? typeof value === 'number' : valueFitsParameterType(type as ParameterTypeName, value);
  if (!fits) throw new TypeError(`type mismatch: expected ${type}, got ${kindOf(value)}`);
  return value;
}

/** True when `value` is a valid pipeline argument of IR type `type`. */
export function fitsParameterType(value: unknown, type: ParameterTypeName | string): boolean {
  if (type === 'TASK_FINAL_STATUS' || type === 'TASK_CONFIG') return true;
  return valueFitsParameterType(type as ParameterTypeName, value);
}
