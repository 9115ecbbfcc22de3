/**
 * Build step: replaces `src/validate/validators.ts` with ajv's standalone code for the IR schemas, compiled
 * with the options the compiler uses from the sources, so a built package neither compiles schemas nor
 * loads ajv when it runs.
 */
import { Ajv } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import type { Plugin } from 'esbuild';
import { pipelineSpecSchema } from './src/ir/pipeline-spec.schema.js';
import { platformSpecSchema } from './src/ir/platform-spec.schema.js';
import { AJV_OPTIONS } from './src/validate/ajv-options.js';

let code: string | undefined;

/** The replacement module: the two validators and `validatorFor`, as the source module exports it. */
function precompiledModule(): string {
  if (code === undefined) {
    const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true, esm: true } });
    ajv.addSchema(pipelineSpecSchema, 'PipelineSpec');
    ajv.addSchema(platformSpecSchema, 'PlatformSpec');
    const standaloneCode = (standalone as unknown as { default?: typeof standalone }).default ?? standalone;
    code =
      standaloneCode(ajv, { PipelineSpec: 'PipelineSpec', PlatformSpec: 'PlatformSpec' }) +
      '\nexport function validatorFor(kind) { return kind === "PipelineSpec" ? PipelineSpec : PlatformSpec; }\n';
  }
  return code;
}

export const precompileValidators: Plugin = {
  name: 'precompile-validators',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]validate[\\/]validators\.ts$/ }, () => ({ contents: precompiledModule(), loader: 'js' }));
  },
};
