/**
 * If/Elif/Else conditions → the CEL expression of a condition task's `triggerPolicy.condition`, written
 * exactly as the Python compiler writes it (type promotion included).
 */
import { isChannel, KfpDefinitionError, type Condition, type ParameterChannel } from '@kfp-ts/dsl';
import type { IrParameterType } from '../ir/types.js';

/** Renders one operand given the `pipelinechannel--` input name of a channel. */
export type InputNameOf = (channel: ParameterChannel) => string;

function literalType(value: unknown): IrParameterType {
  if (typeof value === 'string') return 'STRING';
  if (typeof value === 'boolean') return 'BOOLEAN';
  if (typeof value === 'number' && Number.isFinite(value)) return Number.isInteger(value) ? 'NUMBER_INTEGER' : 'NUMBER_DOUBLE';
  throw new KfpDefinitionError(`a condition can compare only strings, finite numbers and booleans, got ${String(value)}`);
}

/**
 * Python's `str(float)`: the shortest digits that round-trip (as in JavaScript), fixed notation for
 * exponents -4 to 15 (whole numbers keep a `.0`), otherwise `1.5e-05` / `1e+16` with a two-digit exponent.
 */
export function pythonFloat(n: number): string {
  const [mantissa, exponentText] = n.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

/** Python's `str(int)`: every digit, never an exponent. */
function pythonInt(n: number): string {
  return BigInt(n).toString();
}

function operandType(operand: unknown): IrParameterType {
  if (isChannel(operand)) {
    if (operand.channelKind !== 'parameter') {
      throw new KfpDefinitionError('a condition cannot compare an artifact; compare a parameter output instead');
    }
    return operand.parameterType as IrParameterType;
  }
  return literalType(operand);
}

function renderOne(condition: Condition, negate: boolean, inputName: InputNameOf): string {
  const operands = [condition.left, condition.right];
  const types = operands.map(operandType);
  for (const [i, op] of operands.entries()) {
    if (isChannel(op) && (types[i] === 'LIST' || types[i] === 'STRUCT')) {
      throw new KfpDefinitionError(
        `a condition requires primitive parameter values for comparison; input "${inputName(op as ParameterChannel)}" is ${types[i]}`,
      );
    }
  }
  const distinct = new Set(types);
  const canonical: IrParameterType =
    distinct.size === 1 ? types[0] : distinct.has('STRING') ? 'STRING' : distinct.has('BOOLEAN') ? 'BOOLEAN' : 'NUMBER_DOUBLE';
  const rendered = operands.map((op, i) => {
    let v: string;
    if (isChannel(op)) {
      v = `inputs.parameter_values['${inputName(op as ParameterChannel)}']`;
      if (types[i] === 'NUMBER_INTEGER') v = `int(${v})`;
    } else if (typeof op === 'string') v = `'${op}'`;
    else if (typeof op === 'boolean') v = op ? 'true' : 'false';
    else v = types[i] === 'NUMBER_DOUBLE' ? pythonFloat(op as number) : pythonInt(op as number);
    if (types[i] !== canonical) {
      if (canonical === 'STRING') v = `'${v}'`;
      else if (canonical === 'BOOLEAN') {
        if (isChannel(op) || types[i] !== 'NUMBER_INTEGER') {
          throw new KfpDefinitionError('a condition cannot compare a boolean with a number taken from a channel or a float');
        }
        v = (op as number) === 0 ? 'true' : 'false';
      } else v = `double(${v})`;
    }
    return v;
  });
  const expr = `${rendered[0]} ${condition.op} ${rendered[1]}`;
  return negate ? `!(${expr})` : expr;
}

/** The trigger expression of a branch: earlier branches negated, then its own condition, joined by `&&`. */
export function renderBranchCondition(
  negated: readonly Condition[],
  own: Condition | undefined,
  inputName: InputNameOf,
): string {
  const parts = negated.map((c) => renderOne(c, true, inputName));
  if (own) parts.push(renderOne(own, false, inputName));
  return parts.join(' && ');
}

/** Every channel a branch's conditions read. */
export function conditionChannels(negated: readonly Condition[], own: Condition | undefined): ParameterChannel[] {
  const out: ParameterChannel[] = [];
  for (const c of [...negated, ...(own ? [own] : [])]) {
    for (const op of [c.left, c.right]) if (isChannel(op) && !out.includes(op as ParameterChannel)) out.push(op as ParameterChannel);
  }
  return out;
}
