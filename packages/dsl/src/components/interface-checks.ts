/** Checks shared by every way of declaring a component: names and types of inputs and outputs. */
import { KfpDefinitionError, type SourceLocation } from '../errors.js';
import type { IODecl } from './typing.js';

/** Input/output names the Python SDK reserves or that would collide with IR names. */
const RESERVED_PREFIX = 'pipelinechannel--';

export function checkComponentInterface(name: string, inputs: IODecl, outputs: IODecl, location?: SourceLocation): void {
  const fail = (message: string, field?: string) => new KfpDefinitionError(message, { task: name, field, location });
  if (typeof name !== 'string' || !/[A-Za-z0-9]/.test(name)) {
    throw fail(`component name ${JSON.stringify(name)} must contain at least one letter or digit`, 'name');
  }
  for (const [kind, decl] of [['input', inputs], ['output', outputs]] as const) {
    for (const [key, type] of Object.entries(decl)) {
      if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) {
        throw fail(`${kind} name '${key}' must start with a letter or '_' and hold only letters, digits, '_' and '-'`, key);
      }
      if (key.startsWith(RESERVED_PREFIX)) throw fail(`${kind} name '${key}' uses the reserved prefix '${RESERVED_PREFIX}'`, key);
      if (!type || (type.kind !== 'parameter' && type.kind !== 'artifact')) {
        throw fail(`${kind} '${key}' must be a type from t (t.string(), t.dataset(), …)`, key);
      }
      if (kind === 'output' && type.kind === 'parameter' && type.parameterType === 'TASK_FINAL_STATUS') {
        throw fail(`output '${key}' cannot be a task final status`, key);
      }
    }
  }
  for (const key of Object.keys(outputs)) {
    if (key in inputs) throw fail(`'${key}' is declared as both an input and an output`, key);
  }
}
