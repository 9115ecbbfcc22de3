/**
 * The root DAG's inputs for a local run: the values given (checked against the pipeline's input types), the
 * defaults of the others, and local files for input artifacts. A missing required input, an unknown one or
 * a value of the wrong type stops the run before it starts, with the input's name.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PipelineSpec } from '../ir/types.js';
import { LocalRunError } from './errors.js';
import type { RuntimeArtifact } from './launch-types.js';
import { fitsParameterType } from './parameters.js';
import type { ResolvedInputs } from './resolve-inputs.js';

const TYPE_TEXT: Record<string, string> = {
  STRING: 'a string',
  NUMBER_INTEGER: 'an integer',
  NUMBER_DOUBLE: 'a number',
  BOOLEAN: 'true or false',
  LIST: 'a list',
  STRUCT: 'an object',
};

/**
 * @param args parameter values by input name; for an input artifact, the path of a local file or folder.
 * @throws LocalRunError naming the pipeline and the input.
 */
export function pipelineArguments(spec: PipelineSpec, args: Readonly<Record<string, unknown>>): ResolvedInputs {
  const pipeline = spec.pipelineInfo.name;
  const parameterDefs = spec.root.inputDefinitions?.parameters ?? {};
  const artifactDefs = spec.root.inputDefinitions?.artifacts ?? {};
  const fail = (message: string) => new LocalRunError(`pipeline '${pipeline}': ${message}`);

  const known = [...Object.keys(parameterDefs), ...Object.keys(artifactDefs)];
  for (const name of Object.keys(args)) {
    if (!known.includes(name)) {
      throw fail(`it has no input '${name}'` + (known.length ? ` (its inputs: ${known.join(', ')})` : ' (it takes no inputs)'));
    }
  }

  const parameters: Record<string, unknown> = {};
  for (const [name, def] of Object.entries(parameterDefs)) {
    if (name in args && args[name] !== undefined) {
      const value = args[name];
      if (!fitsParameterType(value, def.parameterType)) {
        throw fail(`input '${name}' must be ${TYPE_TEXT[def.parameterType] ?? def.parameterType}, not ${JSON.stringify(value)}`);
      }
      parameters[name] = value;
    } else if (def.defaultValue !== undefined) {
      parameters[name] = def.defaultValue;
    } else if (def.isOptional) {
      parameters[name] = null;
    } else {
      throw fail(`input '${name}' (${def.parameterType}) has no value: give it with --param ${name}=<value>`);
    }
  }

  const artifacts: Record<string, RuntimeArtifact[]> = {};
  for (const [name, def] of Object.entries(artifactDefs)) {
    const given = args[name];
    if (given === undefined) {
      if (def.isOptional) continue;
      throw fail(`input artifact '${name}' has no value: give the path of a local file with --param ${name}=<path>`);
    }
    const paths = Array.isArray(given) ? given : [given];
    artifacts[name] = paths.map((p) => {
      if (typeof p !== 'string' || p === '') throw fail(`input artifact '${name}' must be the path of a local file, not ${JSON.stringify(p)}`);
      const path = resolve(p);
      if (!existsSync(path)) throw fail(`input artifact '${name}': no such file: ${p}`);
      return { name, uri: path, type: { ...def.artifactType }, metadata: {} };
    });
  }
  return { parameters, artifacts };
}
