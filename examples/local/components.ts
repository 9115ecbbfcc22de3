/** The step of the local example written for it; the others come from ../typescript-components. */
import { t, tsComponent } from '@kfp-ts/dsl';

/** The best of the accuracies the loop collected. */
export const best = tsComponent({
  name: 'best',
  inputs: { accuracies: t.list(t.float()) },
  outputs: { Output: t.float() },
  run({ accuracies }) {
    const values = accuracies as number[];
    console.log(`accuracies: ${values.map((a) => a.toFixed(3)).join(', ')}`);
    return { Output: Math.max(...values) };
  },
});

/** Prints an alert (a stand-in for a chat message). */
export const alert = tsComponent({
  name: 'alert',
  inputs: { message: t.string() },
  run({ message }) {
    console.log(`ALERT: ${message}`);
  },
});
