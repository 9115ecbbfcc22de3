/**
 * Control flow: dependency cycles, loop items and fan-ins out of place, exit handlers, If/Elif/Else chains,
 * OneOf, and values taken out of blocks without OneOf or Collected.
 */
import { describe, it } from 'vitest';
import { compile } from '@kfp-ts/compiler';
import { Collected, ExitHandler, If, OneOf, ParallelFor, pipeline, t, type Condition, type ParameterChannel } from '@kfp-ts/dsl';
import { expectDefinitionError } from './helpers.js';
import {
  cleanup,
  makeList,
  makeNumber,
  makeStruct,
  makeText,
  reportStatus,
  useList,
  useNumber,
  useText,
  useTextOrDefault,
} from './fixtures.js';

describe('dependency cycles', () => {
  it('rejects two tasks that run after each other, naming both', () => {
    const p = pipeline({ name: 'p' }, () => {
      const a = makeText(); // @at(cycle-first)
      const b = useText({ text: 'x' });
      a.after(b);
      b.after(a);
    });
    expectDefinitionError(() => compile(p), {
      message: ["dependency cycle: 'make-text' → 'use-text' → 'make-text'", 'none can start'],
      pipeline: 'p',
      task: 'make-text',
      at: 'cycle-first',
    });
  });

  it('rejects a cycle of a data dependency and after()', () => {
    const p = pipeline({ name: 'p' }, () => {
      const producer = makeText(); // @at(data-cycle)
      const consumer = useText({ text: producer.output });
      producer.after(consumer);
    });
    expectDefinitionError(() => compile(p), {
      message: "dependency cycle: 'make-text' → 'use-text' → 'make-text'",
      task: 'make-text',
      at: 'data-cycle',
    });
  });

  it('rejects a cycle of three tasks', () => {
    const p = pipeline({ name: 'p' }, () => {
      const a = makeText(); // @at(three-cycle)
      const b = makeNumber().after(a);
      const c = makeList().after(b);
      a.after(c);
    });
    expectDefinitionError(() => compile(p), {
      message: "dependency cycle: 'make-text' → 'make-list' → 'make-number' → 'make-text'",
      at: 'three-cycle',
    });
  });

  it('rejects a cycle through a loop, naming the tasks that cause it', () => {
    const p = pipeline({ name: 'p' }, () => {
      const outside = makeText(); // @at(loop-cycle)
      ParallelFor([1, 2], () => {
        const first = makeNumber();
        outside.after(first);
        makeList().after(outside);
      });
    });
    expectDefinitionError(() => compile(p), {
      message: [
        "dependency cycle: 'make-text' → 'for-loop-2' → 'make-text'",
        "'make-text' waits for 'for-loop-2' because it waits for 'make-number' in 'for-loop-2'",
        "'for-loop-2' waits for 'make-text' because task 'make-list' in 'for-loop-2' waits for 'make-text'",
      ],
      task: 'make-text',
      at: 'loop-cycle',
    });
  });
});

describe('loop items and Collected out of place', () => {
  it('rejects a loop item used after its loop', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          let kept: unknown;
          ParallelFor(['a', 'b'], (item) => { kept = item; useText({ text: item }); });
          useText({ text: kept as string }); // @at(item-after-loop)
        }),
      { message: ["input 'text'", 'a ParallelFor loop item is used outside its loop'], pipeline: 'p', task: 'use-text', field: 'text', at: 'item-after-loop' },
    );
  });

  it('rejects a loop item in a condition after its loop', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          let kept: Condition | undefined;
          ParallelFor(['a', 'b'], (item) => { kept = item.eq('a'); useText({ text: item }); });
          If(kept!, () => { makeText(); }); // @at(item-in-condition)
        }),
      { message: ['If:', 'a ParallelFor loop item is used outside its loop'], pipeline: 'p', at: 'item-in-condition' },
    );
  });

  it('rejects Collected of an output that is not produced in a loop', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const n = makeNumber();
          useList({ items: Collected(n.output) }); // @at(collected-no-loop)
        }),
      { message: 'Collected can only gather the output of a task inside a ParallelFor', pipeline: 'p', at: 'collected-no-loop' },
    );
  });

  it('rejects Collected inside the loop that produces the value', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          ParallelFor([1, 2], () => {
            const n = makeNumber();
            useList({ items: Collected(n.output) }); // @at(collected-same-loop)
          });
        }),
      { message: 'Collected is used inside the ParallelFor that produces the value', pipeline: 'p', at: 'collected-same-loop' },
    );
  });

  it('rejects Collected from a loop nested in a condition the consumer is not in', () => {
    const p = pipeline({ name: 'p', inputs: { go: t.boolean() } }, ({ go }) => {
      const numbers = If(go.eq(true), () => ParallelFor([1, 2], () => makeNumber().output)).results[0];
      useList({ items: Collected(numbers) }); // @at(collected-in-condition)
    });
    expectDefinitionError(() => compile(p), {
      message: "that ParallelFor cannot be nested in an If/Elif/Else unless the consumer is too: task 'use-list' consumes from 'make-number'",
      pipeline: 'p',
      task: 'use-list',
      at: 'collected-in-condition',
    });
  });
});

describe('exit handlers', () => {
  it('rejects an ExitHandler nested in a condition', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { go: t.boolean() } }, ({ go }) => {
          If(go.eq(true), () => {
            ExitHandler(cleanup(), () => { makeText(); }); // @at(exit-in-condition)
          });
        }),
      { message: 'ExitHandler can only be used at the top level of a pipeline body, not inside an If/Elif/Else branch', pipeline: 'p', at: 'exit-in-condition' },
    );
  });

  it('rejects an exit task that takes a task output', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const text = makeText();
          ExitHandler(cleanup({ note: text.output }), () => { makeNumber(); }); // @at(exit-input)
        }),
      { message: "the exit task can only take constants and pipeline inputs, not values produced by tasks (input 'note')", pipeline: 'p', at: 'exit-input' },
    );
  });

  it('rejects an exit task created before other tasks', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const exitTask = cleanup();
          makeText();
          ExitHandler(exitTask, () => { makeNumber(); }); // @at(exit-elsewhere)
        }),
      { message: 'create the exit task just before the ExitHandler, in the same block', pipeline: 'p', at: 'exit-elsewhere' },
    );
  });

  it('rejects an exit task that runs after another task', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const first = makeText();
          ExitHandler(cleanup().after(first), () => { makeNumber(); }); // @at(exit-after)
        }),
      { message: 'the exit task cannot depend on other tasks (.after())', pipeline: 'p', at: 'exit-after' },
    );
  });

  it('rejects a task final status input on a task that is not an exit task', () => {
    const p = pipeline({ name: 'p' }, () => {
      makeText();
      reportStatus(); // @at(final-status)
    });
    expectDefinitionError(() => compile(p), {
      message: "input 'status' is a task final status, which only an exit task (or a task that ignores upstream failures) can receive",
      pipeline: 'p',
      task: 'report-status',
      field: 'status',
      at: 'final-status',
    });
  });

  it('rejects ignoreUpstreamFailure() when an input fed by a task has no default', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const text = makeText();
          const consumer = useText({ text: text.output });
          consumer.ignoreUpstreamFailure(); // @at(ignore-failure)
        }),
      {
        message: "ignoreUpstreamFailure() needs a default value on every input fed by an upstream task, in case that task fails; input 'text' (fed by task 'make-text') has none",
        pipeline: 'p',
        task: 'use-text',
        field: 'text',
        at: 'ignore-failure',
      },
    );
  });
});

describe('If / Elif / Else', () => {
  it('rejects Else after Else', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { n: t.integer() } }, ({ n }) => {
          const chain = If(n.gt(1), () => { makeText(); });
          chain.Else(() => { makeNumber(); });
          chain.Else(() => { makeList(); }); // @at(else-else)
        }),
      { message: 'Else cannot follow an Else', pipeline: 'p', at: 'else-else' },
    );
  });

  it('rejects Elif with another block between it and its If', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { n: t.integer() } }, ({ n }) => {
          const chain = If(n.gt(1), () => { makeText(); });
          ParallelFor([1, 2], () => { makeNumber(); });
          chain.Elif(n.lt(0), () => { makeList(); }); // @at(elif-late)
        }),
      { message: 'Elif must follow its If or Elif in the same block, with no other If, ParallelFor or ExitHandler in between', pipeline: 'p', at: 'elif-late' },
    );
  });

  it('rejects Else with another If between it and its If', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { n: t.integer() } }, ({ n }) => {
          const chain = If(n.gt(1), () => { makeText(); });
          If(n.lt(0), () => { makeNumber(); });
          chain.Else(() => { makeList(); }); // @at(else-late)
        }),
      { message: 'Else must follow its If or Elif in the same block', pipeline: 'p', at: 'else-late' },
    );
  });

  it('rejects Else used in another block than its If', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { n: t.integer() } }, ({ n }) => {
          const chain = If(n.gt(1), () => { makeText(); });
          ParallelFor([1, 2], () => {
            chain.Else(() => { makeList(); }); // @at(else-other-block)
          });
        }),
      { message: 'Else must follow its If or Elif in the same block', pipeline: 'p', at: 'else-other-block' },
    );
  });

  it('rejects a constant boolean as a condition', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { n: t.integer() } }, () => {
          const evaluatedTooEarly = (1 > 0) as unknown as Condition;
          If(evaluatedTooEarly, () => { makeText(); }); // @at(constant-condition)
        }),
      { message: 'If got the constant true as its condition', pipeline: 'p', at: 'constant-condition' },
    );
  });

  it('rejects a condition on a LIST value', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const list = makeList();
          If(list.output.eq([1]), () => { makeText(); }); // @at(list-condition)
        }),
      { message: 'a condition compares single values; this side is a LIST parameter', pipeline: 'p', at: 'list-condition' },
    );
  });

  it('rejects a condition on a STRUCT value', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          const struct = makeStruct();
          If(struct.output.ne({}), () => { makeText(); }); // @at(struct-condition)
        }),
      { message: 'this side is a STRUCT parameter', pipeline: 'p', at: 'struct-condition' },
    );
  });
});

describe('OneOf', () => {
  it('rejects OneOf of a chain without Else', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { n: t.integer() } }, ({ n }) => {
          const r = If(n.gt(1), () => makeText().output).Elif(n.lt(0), () => makeText().output);
          useText({ text: OneOf(...r.results) }); // @at(oneof-no-else)
        }),
      { message: 'OneOf: the If/Elif chain must end with an Else', pipeline: 'p', at: 'oneof-no-else' },
    );
  });

  it('rejects OneOf of outputs of different types', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { n: t.integer() } }, ({ n }) => {
          const r = If(n.gt(1), () => makeText().output).Else(() => makeNumber().output);
          const mixed = r.results as unknown as ParameterChannel<'STRING'>[]; // a type error without the cast
          useText({ text: OneOf(...mixed) }); // @at(oneof-types)
        }),
      { message: 'OneOf: outputs must have the same type (got STRING and NUMBER_INTEGER)', pipeline: 'p', at: 'oneof-types' },
    );
  });
});

describe('values taken out of blocks', () => {
  it('rejects a task output used outside its condition without OneOf', () => {
    const p = pipeline({ name: 'p', inputs: { n: t.integer() } }, ({ n }) => {
      const inside = If(n.gt(1), () => makeText().output).results[0];
      useText({ text: inside }); // @at(branch-output)
    });
    expectDefinitionError(() => compile(p), {
      message: "task 'use-text' depends on task 'make-text' inside an If/Elif/Else branch that does not contain it",
      pipeline: 'p',
      task: 'use-text',
      at: 'branch-output',
    });
  });

  it('rejects a task output used outside its loop without Collected', () => {
    const p = pipeline({ name: 'p' }, () => {
      const inside = ParallelFor([1, 2], () => makeNumber().output);
      useNumber({ n: inside }); // @at(loop-output)
    });
    expectDefinitionError(() => compile(p), {
      message: "task 'use-number' uses an output of task 'make-number' from inside a ParallelFor that does not contain it; fan the outputs in with Collected(...)",
      pipeline: 'p',
      task: 'use-number',
      at: 'loop-output',
    });
  });

  it('rejects running after a task inside a condition from outside it', () => {
    const p = pipeline({ name: 'p', inputs: { n: t.integer() } }, ({ n }) => {
      const inside = If(n.gt(1), () => makeText()).results[0];
      useTextOrDefault().after(inside); // @at(after-branch)
    });
    expectDefinitionError(() => compile(p), {
      message: "task 'use-text-or-default' depends on task 'make-text' inside an If/Elif/Else branch",
      task: 'use-text-or-default',
      at: 'after-branch',
    });
  });

  it('rejects a pipeline output from inside a condition', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { n: t.integer() } }, ({ n }) => { // @at(output-in-condition)
          return If(n.gt(1), () => makeText().output).results[0];
        }),
      {
        message: "pipeline output 'Output': it comes from task 'make-text' inside an If/Elif/Else branch; return values only from the top level",
        pipeline: 'p',
        field: 'Output',
        at: 'output-in-condition',
      },
    );
  });

  it('rejects a pipeline output from inside a loop', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => ({ n: ParallelFor([1, 2], () => makeNumber().output) })), // @at(output-in-loop)
      { message: "pipeline output 'n': it comes from task 'make-number' inside a ParallelFor", pipeline: 'p', field: 'n', at: 'output-in-loop' },
    );
  });

  it('rejects a pipeline without tasks', () => {
    const p = pipeline({ name: 'empty' }, () => {}); // @at(empty-pipeline)
    expectDefinitionError(() => compile(p), {
      message: 'the pipeline has no tasks: call at least one component in its body',
      pipeline: 'empty',
      at: 'empty-pipeline',
    });
  });

  it('rejects a loop over an empty list', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          ParallelFor([], () => { makeText(); }); // @at(empty-loop)
        }),
      { message: 'ParallelFor got an empty list of items', pipeline: 'p', field: 'items', at: 'empty-loop' },
    );
  });
});
