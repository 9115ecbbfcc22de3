/**
 * The compiled validators of the IR schemas. From the sources each is compiled on first use (compiling costs
 * far more than validating, so it is kept). The build replaces this module with ajv's standalone code for the
 * same schemas and options (see tsup.config.ts): a built package neither compiles schemas nor loads ajv.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import { pipelineSpecSchema } from '../ir/pipeline-spec.schema.js';
import { platformSpecSchema } from '../ir/platform-spec.schema.js';
import { AJV_OPTIONS } from './ajv-options.js';

let ajv: Ajv | undefined;
const compiled = new Map<'PipelineSpec' | 'PlatformSpec', ValidateFunction>();

export function validatorFor(kind: 'PipelineSpec' | 'PlatformSpec'): ValidateFunction {
  let validator = compiled.get(kind);
  if (!validator) {
    ajv ??= new Ajv(AJV_OPTIONS);
    validator = ajv.compile(kind === 'PipelineSpec' ? pipelineSpecSchema : platformSpecSchema);
    compiled.set(kind, validator);
  }
  return validator;
}
