import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { loadComponentFromText, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

/**
 * The compiled pipeline this case loads: `essential/pipeline_with_outputs.yaml` of the corpus. The Python
 * case loads the repository's copy of that file, which kfp 2.14.6 compiled; it differs from the corpus copy
 * only in the kfp version its Python components install.
 */
function pipelineWithOutputsYaml(golden: Golden): string {
  const text = readFileSync(join(dirname(golden.path), '..', 'essential', 'pipeline_with_outputs.yaml'), 'utf8');
  return text.replaceAll("'kfp==2.15.2'", "'kfp==2.14.6'");
}

export default (golden: Golden) => {
  const printOp1 = pythonComponent({ ...golden.python('exec-print-op1-3'), inputs: { data: t.artifact() } });
  const reuseYamlPipeline = loadComponentFromText(pipelineWithOutputsYaml(golden), {
    source: 'essential/pipeline_with_outputs.yaml',
    inputs: { msg: t.string() },
    outputs: { Output: t.artifact() },
  });

  return pipeline({ name: 'pipeline-in-pipeline' }, () => {
    const task = reuseYamlPipeline({ msg: 'Hello' });
    printOp1({ data: task.output });
  });
};
