/**
 * The benchmark's pipelines: long chains, wide fan-outs and deeply nested conditions of container tasks.
 * Each case is built two ways from one description: in-process through the DSL, and as the source text of a
 * .ts file for the cold CLI runs (a user's file would look the same).
 */
import { containerComponent, If, pipeline, t, type Pipeline } from '@kfp-ts/dsl';

export interface BenchCase {
  /** e.g. `chain-1000` */
  name: string;
  shape: 'chain' | 'fan-out' | 'nested-if';
  /** Container tasks in the pipeline. */
  tasks: number;
}

export const CASES: BenchCase[] = [
  ...[100, 1_000, 5_000].map((n) => ({ name: `chain-${n}`, shape: 'chain' as const, tasks: n })),
  ...[100, 1_000, 5_000].map((n) => ({ name: `fan-out-${n}`, shape: 'fan-out' as const, tasks: n })),
  // 20 nested If groups, one task in each plus the task whose output they test.
  { name: 'nested-if-20', shape: 'nested-if', tasks: 21 },
];

export const caseNamed = (name: string): BenchCase => {
  const found = CASES.find((c) => c.name === name);
  if (!found) throw new Error(`unknown benchmark case '${name}' (cases: ${CASES.map((c) => c.name).join(', ')})`);
  return found;
};

/** The source both forms share: one container component, called once per task. */
const COMPONENT_SOURCE = `containerComponent({
  name: 'step',
  inputs: { text: t.string() },
  outputs: { result: t.string() },
  image: 'alpine:3.20',
  command: ['sh', '-c', 'echo "$0" | tee "$1"'],
  args: ({ inputs, outputs }) => [inputs.text, outputs.result.path],
})`;

const makeStep = () =>
  containerComponent({
    name: 'step',
    inputs: { text: t.string() },
    outputs: { result: t.string() },
    image: 'alpine:3.20',
    command: ['sh', '-c', 'echo "$0" | tee "$1"'],
    args: ({ inputs, outputs }) => [inputs.text, outputs.result.path],
  });

/** Declares the case's pipeline (running its body, as declaring a pipeline does). */
export function buildPipeline(c: BenchCase): Pipeline {
  const step = makeStep();
  const name = `bench-${c.name}`;
  switch (c.shape) {
    case 'chain':
      // Each task consumes the previous task's output.
      return pipeline({ name, inputs: { seed: t.string().default('x') } }, ({ seed }) => {
        let previous = step({ text: seed });
        for (let i = 1; i < c.tasks; i++) previous = step({ text: previous.output });
      });
    case 'fan-out':
      // One producer, every other task consumes its output.
      return pipeline({ name, inputs: { seed: t.string().default('x') } }, ({ seed }) => {
        const source = step({ text: seed });
        for (let i = 1; i < c.tasks; i++) step({ text: source.output });
      });
    case 'nested-if': {
      const depth = c.tasks - 1;
      return pipeline({ name, inputs: { seed: t.string().default('x') } }, ({ seed }) => {
        const gate = step({ text: seed });
        const nest = (level: number): void => {
          if (level > depth) return;
          If(gate.output.ne(`stop-${level}`), () => {
            step({ text: gate.output });
            nest(level + 1);
          });
        };
        nest(1);
      });
    }
  }
}

/** The case as a user's .ts file that exports the pipeline (for `kfp-ts compile`). */
export function pipelineSource(c: BenchCase): string {
  const name = `bench-${c.name}`;
  const header = `import { containerComponent, If, pipeline, t } from '@kfp-ts/dsl';\n\nconst step = ${COMPONENT_SOURCE};\n\n`;
  const body = {
    chain: `  let previous = step({ text: seed });
  for (let i = 1; i < ${c.tasks}; i++) previous = step({ text: previous.output });`,
    'fan-out': `  const source = step({ text: seed });
  for (let i = 1; i < ${c.tasks}; i++) step({ text: source.output });`,
    'nested-if': `  const gate = step({ text: seed });
  const nest = (level: number): void => {
    if (level > ${c.tasks - 1}) return;
    If(gate.output.ne(\`stop-\${level}\`), () => {
      step({ text: gate.output });
      nest(level + 1);
    });
  };
  nest(1);`,
  }[c.shape];
  return `${header}export const bench = pipeline({ name: '${name}', inputs: { seed: t.string().default('x') } }, ({ seed }) => {\n${body}\n});\n`;
}
