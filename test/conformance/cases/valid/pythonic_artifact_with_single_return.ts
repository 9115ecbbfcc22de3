import { importer, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const makeLanguageModel = pythonComponent({
    ...golden.python('exec-make-language-model'),
    packagesToInstall: ['dill==0.3.7'],
    inputs: { text_dataset: t.dataset() },
    outputs: { Output: t.model() },
  });

  return pipeline({ name: 'make_language_model_pipeline' }, () => {
    const dataset = importer({
      artifactUri: 'gs://ml-pipeline-playground/shakespeare1.txt',
      artifactClass: t.dataset(),
      reimport: false,
      metadata: { key: 'value' },
    });
    return makeLanguageModel({ text_dataset: dataset.output }).output;
  });
};
