import { compileToYaml } from '@kfp-ts/compiler';
import { loadComponentFromText, ParallelFor, pipeline, pythonComponent, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

export default (golden: Golden) => {
  const printText = pythonComponent({ ...golden.python('exec-print-text'), inputs: { msg: t.string() } });
  const printInt = pythonComponent({ ...golden.python('exec-print-int'), inputs: { x: t.integer() } });
  // `List[Dict[str, int]]`, `List[Dict]`, `List[dict]` and `List` in Python: only the first three declare the elements.
  const listDictMaker0 = pythonComponent({ ...golden.python('exec-list-dict-maker-0'), outputs: { Output: t.list(t.struct()) } });
  const listDictMaker1 = pythonComponent({ ...golden.python('exec-list-dict-maker-1'), outputs: { Output: t.list(t.struct()) } });
  const listDictMaker2 = pythonComponent({ ...golden.python('exec-list-dict-maker-2'), outputs: { Output: t.list(t.struct()) } });
  const listDictMaker3 = pythonComponent({ ...golden.python('exec-list-dict-maker-3'), outputs: { Output: t.list() } });
  // list_dict_maker_1 compiled and loaded back: the IR keeps no element type, so items are strings.
  const loadedDictMaker = loadComponentFromText(compileToYaml(listDictMaker1), { outputs: { Output: t.list() } });

  return pipeline(
    { name: 'pipeline-with-parallelfor-parallelism', inputs: { loop_parameter: t.list(t.string()) } },
    ({ loop_parameter }) => {
      // Items from a pipeline input.
      ParallelFor(
        loop_parameter,
        (item) => {
          printText({ msg: item });
          ParallelFor(loop_parameter, (nestedItem) => {
            printText({ msg: nestedItem });
          });
        },
        { parallelism: 2 },
      );

      // Items known when the pipeline is compiled.
      const loopArgs = [
        { A_a: '1', B_b: '2' },
        { A_a: '10', B_b: '20' },
      ];
      ParallelFor(
        loopArgs,
        (item) => {
          printText({ msg: item.get('A_a') });
          printText({ msg: item.get('B_b') });

          const nestedLoopArgs = [
            { A_a: '10', B_b: '20' },
            { A_a: '100', B_b: '200' },
          ];
          ParallelFor(
            nestedLoopArgs,
            (nestedItem) => {
              printText({ msg: nestedItem.get('A_a') });
              printText({ msg: nestedItem.get('B_b') });
            },
            { parallelism: 1 },
          );
        },
        { parallelism: 0 },
      );

      // A literal list of objects.
      const dictLoopArgument = [
        { a: 1, b: 2 },
        { a: 2, b: 3 },
        { a: 3, b: 4 },
      ];
      ParallelFor(
        dictLoopArgument,
        (item) => {
          printInt({ x: item.get('a') });
        },
        { parallelism: 1 },
      );

      // Items from upstream task outputs.
      const t0 = listDictMaker0();
      ParallelFor(t0.output, (item) => {
        printInt({ x: item.get('a') });
      });

      const t1 = listDictMaker1();
      ParallelFor(t1.output, (item) => {
        printInt({ x: item.get('a') });
      });

      const t2 = listDictMaker2();
      ParallelFor(t2.output, (item) => {
        printInt({ x: item.get('a') });
      });

      const t3 = listDictMaker3();
      ParallelFor(t3.output, (item) => {
        printInt({ x: item.get('a') });
      });

      // Items from a component loaded from its compiled YAML.
      const t4 = loadedDictMaker();
      ParallelFor(t4.output, (item) => {
        printInt({ x: item.get('a') });
      });
    },
  );
};
