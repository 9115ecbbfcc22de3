/**
 * The two places a pipeline holds CEL: a task's `triggerPolicy.condition` (If/Elif/Else), evaluated against
 * the task's resolved input parameters as the KFP driver does, and an input's `parameterExpressionSelector`
 * (a field of a loop item), evaluated against one parameter value.
 */
import { celToJson, evaluateCel, jsonToCel, type CelValue } from './cel.js';
import { parameterText } from './parameters.js';

/**
 * Whether a task with this trigger condition runs. The expression sees `inputs.parameter_values`, the task's
 * input parameters (numbers as doubles, so the compiler wraps integers in `int()`).
 *
 * @throws CelError when the expression is malformed or cannot be evaluated (a missing input, a type mismatch);
 * TypeError when it gives something other than true or false.
 */
export function conditionHolds(condition: string, parameterValues: Readonly<Record<string, unknown>>): boolean {
  const result = evaluateCel(condition, { inputs: { parameter_values: jsonToCel(parameterValues), artifacts: {} } });
  if (typeof result !== 'boolean') {
    throw new TypeError(`the condition gives ${JSON.stringify(celToJson(result))}, not true or false`);
  }
  return result;
}

/**
 * Applies a parameter expression selector to a value. As in KFP, the expression reads the value through the
 * fields of a protobuf `Value`: `string_value` (always present: a string itself, anything else as JSON text),
 * and the one of `number_value`, `bool_value`, `list_value`, `struct_value`, `null_value` that is set.
 */
export function selectFromParameter(value: unknown, selector: string): unknown {
  const env: Record<string, CelValue> = { string_value: parameterText(value) };
  if (value === null || value === undefined) env.null_value = null;
  else if (typeof value === 'number') env.number_value = value;
  else if (typeof value === 'boolean') env.bool_value = value;
  else if (Array.isArray(value)) env.list_value = jsonToCel(value);
  else if (typeof value === 'object') env.struct_value = jsonToCel(value);
  return celToJson(evaluateCel(selector, env));
}
