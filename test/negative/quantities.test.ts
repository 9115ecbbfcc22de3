/**
 * Quantities: CPU, memory, accelerator counts, retry policies and loop parallelism, checked on the line
 * that sets them.
 */
import { describe, it } from 'vitest';
import { ParallelFor, pipeline, t } from '@kfp-ts/dsl';
import { expectDefinitionError } from './helpers.js';
import { makeDataset, makeNumber, makeText, useText } from './fixtures.js';

/** Builds a one-task pipeline and configures its task with `configure`. */
const withTask = (configure: (task: ReturnType<typeof makeText>) => void) => () =>
  pipeline({ name: 'p' }, () => {
    configure(makeText());
  });

describe('CPU and memory', () => {
  it('rejects a CPU limit that is not a number of cores or millicores', () => {
    expectDefinitionError(
      withTask((task) => task.setCpuLimit('two')), // @at(cpu-word)
      { message: "'two' is not a CPU quantity", pipeline: 'p', task: 'make-text', field: 'cpuLimit', at: 'cpu-word' },
    );
  });

  it('rejects fractional millicores', () => {
    expectDefinitionError(
      withTask((task) => task.setCpuRequest('1.5m')), // @at(cpu-milli)
      { message: "'1.5m' is not a CPU quantity", task: 'make-text', field: 'cpuRequest', at: 'cpu-milli' },
    );
  });

  it('rejects a memory limit with an unknown suffix', () => {
    expectDefinitionError(
      withTask((task) => task.setMemoryLimit('4GB')), // @at(memory-suffix)
      { message: "'4GB' is not a memory quantity", task: 'make-text', field: 'memoryLimit', at: 'memory-suffix' },
    );
  });

  it('rejects a negative memory request', () => {
    expectDefinitionError(
      withTask((task) => task.setMemoryRequest('-1Gi')), // @at(memory-negative)
      { message: "'-1Gi' is not a memory quantity", task: 'make-text', field: 'memoryRequest', at: 'memory-negative' },
    );
  });

  it('rejects a setting taken from a non-string parameter', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const n = makeNumber();
          makeText().setCpuLimit(n.output as never); // @at(cpu-channel)
        }),
      { message: 'must be a STRING parameter, got NUMBER_INTEGER', task: 'make-text', field: 'cpuLimit', at: 'cpu-channel' },
    );
  });

  it('rejects an artifact as a setting', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const d = makeDataset();
          makeText().setMemoryLimit(d.output as never); // @at(memory-artifact)
        }),
      { message: 'an artifact cannot be used as a resource setting', task: 'make-text', field: 'memoryLimit', at: 'memory-artifact' },
    );
  });
});

describe('accelerators', () => {
  it('rejects a fractional GPU count', () => {
    expectDefinitionError(
      withTask((task) => task.setAcceleratorLimit(1.5)), // @at(gpu-fraction)
      { message: "'1.5' is not an accelerator count", task: 'make-text', field: 'acceleratorLimit', at: 'gpu-fraction' },
    );
  });

  it('rejects a negative GPU count', () => {
    expectDefinitionError(
      withTask((task) => task.setAcceleratorLimit(-1)), // @at(gpu-negative)
      { message: "'-1' is not an accelerator count", task: 'make-text', field: 'acceleratorLimit', at: 'gpu-negative' },
    );
  });

  it('rejects a non-integer GPU count given as text', () => {
    expectDefinitionError(
      withTask((task) => task.setGpu('nvidia.com/gpu', '2.5')), // @at(gpu-text)
      { message: "'2.5' is not an accelerator count", task: 'make-text', field: 'acceleratorLimit', at: 'gpu-text' },
    );
  });

  it('rejects an empty accelerator type', () => {
    expectDefinitionError(
      withTask((task) => task.setAcceleratorType(' ')), // @at(gpu-type)
      { message: 'the accelerator type must not be empty', task: 'make-text', field: 'acceleratorType', at: 'gpu-type' },
    );
  });
});

describe('retry policies and loop parallelism', () => {
  it('rejects a negative retry count', () => {
    expectDefinitionError(
      withTask((task) => task.setRetry({ maxRetryCount: -1 })), // @at(retry-count)
      { message: 'maxRetryCount must be a whole number of at least 0, got -1', task: 'make-text', field: 'retryPolicy', at: 'retry-count' },
    );
  });

  it('rejects a back-off duration without a unit', () => {
    expectDefinitionError(
      withTask((task) => task.setRetry({ maxRetryCount: 2, backoffDuration: 'soon' })), // @at(retry-duration)
      { message: "'soon' is not a duration", task: 'make-text', field: 'retryPolicy.backoffDuration', at: 'retry-duration' },
    );
  });

  it('rejects a negative loop parallelism', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { text: t.string() } }, ({ text }) => {
          ParallelFor([1, 2], () => { useText({ text }); }, { parallelism: -1 }); // @at(parallelism)
        }),
      { message: 'ParallelFor parallelism must be a whole number >= 0, got -1', pipeline: 'p', field: 'parallelism', at: 'parallelism' },
    );
  });
});
