import { Collected, If, OneOf, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const int0To9999 = pythonComponent({ ...golden.python('exec-int-0-to-9999'), outputs: { Output: t.integer() } });
  const isEvenOrOdd = pythonComponent({
    ...golden.python('exec-is-even-or-odd'),
    inputs: { num: t.integer() },
    outputs: { Output: t.string() },
  });
  const printAndReturn = pythonComponent({
    ...golden.python('exec-print-and-return'),
    inputs: { text: t.string() },
    outputs: { Output: t.string() },
  });
  const printInts = pythonComponent({ ...golden.python('exec-print-ints'), inputs: { ints: t.list(t.integer()) } });

  return pipeline(
    {
      name: 'lucky-number-pipeline',
      inputs: {
        add_drumroll: t.boolean().default(true),
        repeat_if_lucky_number: t.boolean().default(true),
        trials: t.list(t.integer()).default([1, 2, 3]),
      },
    },
    ({ add_drumroll, repeat_if_lucky_number, trials }) => {
      const numbers = ParallelFor(trials, (trial) => {
        const intTask = int0To9999().setCachingOptions(false);
        If(add_drumroll.eq(true), () => {
          If(trial.eq(3), () => {
            printAndReturn({ text: 'Adding drumroll on last trial!' });
          });
        });

        /** Announces whether the number is even or odd, and repeats the announcement. */
        const announceParity = (even: string, odd: string) => {
          const evenOrOddTask = isEvenOrOdd({ num: intTask.output });
          const {
            results: [t1, t2],
          } = If(evenOrOddTask.output.eq('even'), () => printAndReturn({ text: even }))
            .Else(() => printAndReturn({ text: odd }));
          printAndReturn({ text: OneOf(t1.output, t2.output) });
        };

        If(intTask.output.lt(5000), () => announceParity('Got a low even number!', 'Got a low odd number!'))
          .Elif(intTask.output.gt(5000), () => announceParity('Got a high even number!', 'Got a high odd number!'))
          .Else(() => {
            printAndReturn({ text: 'Announcing: Got the lucky number 5000! A one in 10,000 chance.' });
            If(repeat_if_lucky_number.eq(true), () => {
              ParallelFor([1, 2], () => {
                printAndReturn({ text: 'Announcing again: Got the lucky number 5000! A one in 10,000 chance.' });
              });
            });
          });
        return intTask.output;
      });

      printInts({ ints: Collected(numbers) });
    },
  );
};
