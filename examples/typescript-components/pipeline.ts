/**
 * A pipeline mixing TypeScript components (./components.ts), a Python function component and a container
 * component, with a TypeScript exit task. Compile it with:
 *
 *   npx kfp-ts compile examples/typescript-components/pipeline.ts -o reviews.yaml
 */
import { ExitHandler, containerComponent, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import { announce, evaluateClassifier, loadReviews } from './components.js';

const checkAccuracy = pythonComponent({
  functionName: 'check_accuracy',
  source: [
    'def check_accuracy(accuracy: float, minimum: float) -> bool:',
    '    print(f"accuracy {accuracy:.3f}, minimum {minimum:.3f}")',
    '    return accuracy >= minimum',
    '',
  ].join('\n'),
  inputs: { accuracy: t.float(), minimum: t.float() },
  outputs: { Output: t.boolean() },
});

const publish = containerComponent({
  name: 'publish',
  inputs: { report: t.markdown() },
  image: 'alpine:3.20',
  command: ['sh', '-c', 'cat "$0"'],
  args: ({ inputs }) => [inputs.report.path],
});

export const reviews = pipeline(
  { name: 'reviews', description: 'Scores reviews with a word list.', inputs: { copies: t.integer().default(2), minimum: t.float().default(0.75) } },
  ({ copies, minimum }) => {
    const done = announce({ channel: '#ml-runs' });
    ExitHandler(done, () => {
      const data = loadReviews({ copies });
      const evaluation = evaluateClassifier({ reviews: data.outputs.reviews });
      checkAccuracy({ accuracy: evaluation.outputs.accuracy, minimum });
      publish({ report: evaluation.outputs.report });
    });
  },
);
