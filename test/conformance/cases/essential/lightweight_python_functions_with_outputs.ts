import { pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const concatMessage = pythonComponent({
    ...golden.python('exec-concat-message'),
    inputs: { first: t.string(), second: t.string() },
    outputs: { Output: t.string() },
  });
  const addNumbers = pythonComponent({
    ...golden.python('exec-add-numbers'),
    inputs: { first: t.integer(), second: t.integer() },
    outputs: { Output: t.integer() },
  });
  const outputArtifact = pythonComponent({
    ...golden.python('exec-output-artifact'),
    inputs: { number: t.integer(), message: t.string() },
    outputs: { Output: t.dataset() },
  });
  // A NamedTuple return: one output per field.
  const outputNamedTuple = pythonComponent({
    ...golden.python('exec-output-named-tuple'),
    inputs: { artifact: t.dataset() },
    outputs: { scalar: t.string(), metrics: t.metrics(), model: t.model() },
  });

  return pipeline(
    {
      name: 'functions-with-outputs',
      inputs: {
        first_message: t.string(),
        second_message: t.string(),
        first_number: t.integer(),
        second_number: t.integer(),
      },
    },
    ({ first_message, second_message, first_number, second_number }) => {
      const concatOp = concatMessage({ first: first_message, second: second_message });
      const addNumbersOp = addNumbers({ first: first_number, second: second_number });
      const outputArtifactOp = outputArtifact({ number: addNumbersOp.output, message: concatOp.output });
      outputNamedTuple({ artifact: outputArtifactOp.output });
    },
  );
};
