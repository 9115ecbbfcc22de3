import { Collected, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const double = pythonComponent({
    ...golden.python('exec-double'),
    inputs: { num: t.integer() },
    outputs: { Output: t.integer() },
  });
  const add = pythonComponent({
    ...golden.python('exec-add'),
    inputs: { nums: t.list() },
    outputs: { Output: t.integer() },
  });
  const echoAndReturn = pythonComponent({
    ...golden.python('exec-echo-and-return'),
    inputs: { string: t.string() },
    outputs: { Output: t.string() },
  });
  const joinAndPrint = pythonComponent({ ...golden.python('exec-join-and-print'), inputs: { strings: t.list() } });

  const doublePipeline = pipeline({ name: 'double_pipeline', inputs: { num: t.integer() } }, ({ num }) => double({ num }).output);

  const addPipeline = pipeline({ name: 'add_pipeline', inputs: { nums: t.list() } }, ({ nums }) => {
    const ids = ParallelFor(['m', 'a', 't', 'h'], (char) => echoAndReturn({ string: char }).output);
    return { out1: add({ nums }).output, out2: Collected(ids) };
  });

  return pipeline({ name: 'math_pipeline' }, () => {
    const doubled = ParallelFor([1, 2, 3], () => ParallelFor([1, 2, 3], (x) => doublePipeline({ num: x }).output));
    const t2 = addPipeline({ nums: Collected(doubled) });
    joinAndPrint({ strings: t2.outputs.out2 });
    return t2.outputs.out1;
  });
};
