import { If, loadComponentFromText, pipeline, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  // The shell lines of these components run inline Python programs, which are taken from the golden.
  const script = (executorLabel: string) => JSON.stringify(golden.container(executorLabel).args![0]);

  /** A component that prints a random number between `low` and `high`, both fixed in its YAML. */
  const randomNumOp = (low: number, high: number) =>
    loadComponentFromText(
      `
      name: Generate random number
      outputs:
      - {name: output, type: Integer}
      implementation:
        container:
          image: python:alpine3.9
          command:
          - sh
          - -c
          args:
          - ${script('exec-generate-random-number')}
          - "${low}"
          - "${high}"
          - {outputPath: output}
      `,
      { outputs: { output: t.integer() } },
    );

  const flipCoinOp = loadComponentFromText(
    `
      name: Flip coin
      outputs:
      - {name: output, type: String}
      implementation:
        container:
          image: python:alpine3.9
          command:
          - sh
          - -c
          args:
          - ${script('exec-flip-coin')}
          - {outputPath: output}
      `,
    { outputs: { output: t.string() } },
  );

  const printOp = loadComponentFromText(`
      name: Print
      inputs:
      - {name: msg, type: String}
      implementation:
        container:
          image: python:alpine3.9
          command:
          - echo
          - {inputValue: msg}
      `);

  return pipeline(
    { name: 'conditional-execution-pipeline', displayName: 'Conditional execution pipeline.', description: 'Shows how to use dsl.Condition().' },
    () => {
      const flip = flipCoinOp();
      If(flip.output.eq('heads'), () => {
        const randomNumHead = randomNumOp(0, 9)();
        If(randomNumHead.output.gt(5), () => {
          printOp({ msg: `heads and ${randomNumHead.output} > 5!` });
        });
        If(randomNumHead.output.le(5), () => {
          printOp({ msg: `heads and ${randomNumHead.output} <= 5!` });
        });
      });
      If(flip.output.eq('tails'), () => {
        const randomNumTail = randomNumOp(10, 19)();
        If(randomNumTail.output.gt(15), () => {
          printOp({ msg: `tails and ${randomNumTail.output} > 15!` });
        });
        If(randomNumTail.output.le(15), () => {
          printOp({ msg: `tails and ${randomNumTail.output} <= 15!` });
        });
      });
    },
  );
};
