import { If, importer, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const train = pythonComponent({
    ...golden.python('exec-train'),
    inputs: { dataset: t.dataset() },
    outputs: { scalar: t.string(), model: t.model() },
  });

  return pipeline(
    { name: 'pipeline-with-importer', inputs: { dataset2: t.string().default('gs://ml-pipeline-playground/shakespeare2.txt') } },
    ({ dataset2 }) => {
      const importer1 = importer({
        artifactUri: 'gs://ml-pipeline-playground/shakespeare1.txt',
        artifactClass: t.dataset(),
        reimport: false,
        metadata: { key: 'value' },
      });
      const train1 = train({ dataset: importer1.output });
      If(train1.outputs.scalar.eq('123'), () => {
        const importer2 = importer({ artifactUri: dataset2, artifactClass: t.dataset(), reimport: true });
        train({ dataset: importer2.output });
      });
    },
  );
};
