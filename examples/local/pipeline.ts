/**
 * The reviews steps of ../typescript-components arranged to run on this machine — no cluster, no Docker:
 * TypeScript components run with the local Node.js, the Python component with the local Python.
 *
 *   npx kfp-ts run --local examples/local/pipeline.ts --param minimum=0.9
 *
 * A loop evaluates the word-list classifier at several thresholds (two at a time), the best accuracy is
 * checked against `minimum` (an alert when below), and the exit task reports how the run ended.
 */
import { Collected, ExitHandler, If, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import { announce, evaluateClassifier, loadReviews } from '../typescript-components/components.js';
import { alert, best } from './components.js';

const checkAccuracy = pythonComponent({
  functionName: 'check_accuracy',
  source: [
    'def check_accuracy(accuracy: float, minimum: float) -> bool:',
    '    print(f"best accuracy {accuracy:.3f}, minimum {minimum:.3f}")',
    '    return accuracy >= minimum',
    '',
  ].join('\n'),
  inputs: { accuracy: t.float(), minimum: t.float() },
  outputs: { Output: t.boolean() },
});

export const reviewsLocal = pipeline(
  { name: 'reviews-local', description: 'Scores reviews with a word list at several thresholds.', inputs: { minimum: t.float().default(0.75) } },
  ({ minimum }) => {
    const done = announce({ channel: '#local' });
    ExitHandler(done, () => {
      const data = loadReviews({ copies: 2 });
      const accuracies = ParallelFor(
        [0, 1, 2],
        (threshold) => evaluateClassifier({ reviews: data.outputs.reviews, threshold }).outputs.accuracy,
        { parallelism: 2, name: 'thresholds' },
      );
      const top = best({ accuracies: Collected(accuracies) });
      const passed = checkAccuracy({ accuracy: top.output, minimum });
      If(passed.output.eq(false), () => {
        alert({ message: `best accuracy ${top.output} is below ${minimum}` });
      });
    });
  },
);
