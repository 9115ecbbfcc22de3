/**
 * Resource settings taken from channels. A setting read from a pipeline parameter or a task output must reach
 * the DAG of the task that uses it, through every condition and exit handler in between; and the task must run
 * after the task that produces the value. (The Python compiler 2.15.2 does neither: it adds the value as a task
 * input without threading it into sub-DAGs, and without a dependency on its producer.)
 */
import { describe, expect, it } from 'vitest';
import { containerComponent, ExitHandler, If, isKfpDefinitionError, pipeline, t } from '@kfp-ts/dsl';
import { compile } from '@kfp-ts/compiler';
import type { IrComponentSpec, PipelineSpec } from '@kfp-ts/compiler';

const work = containerComponent({ name: 'work', image: 'alpine', command: ['true'] });
const cleanup = containerComponent({ name: 'cleanup', image: 'alpine', command: ['true'] });
const flag = containerComponent({ name: 'flag', outputs: { Output: t.string() }, image: 'alpine', command: ['true'] });
const size = containerComponent({ name: 'size', outputs: { Output: t.string() }, image: 'alpine', command: ['true'] });

const placeholder = (name: string) => `{{$.inputs.parameters['${name}']}}`;

function component(spec: PipelineSpec, name: string): IrComponentSpec {
  const c = spec.components?.[name];
  if (!c) throw new Error(`no component ${name}; have ${Object.keys(spec.components ?? {}).join(', ')}`);
  return c;
}

describe('resource settings from channels', () => {
  it('threads a pipeline parameter into a condition nested in an exit handler', () => {
    const p = pipeline(
      { name: 'resources-in-groups', inputs: { cpu: t.string(), memory: t.string(), gpus: t.string() } },
      ({ cpu, memory, gpus }) => {
        const f = flag();
        ExitHandler(cleanup(), () => {
          If(f.output.eq('yes'), () => {
            work().setCpuLimit(cpu).setMemoryRequest(memory).setAcceleratorType('nvidia.com/gpu').setAcceleratorLimit(gpus);
          });
        });
      },
    );
    const { pipelineSpec: spec } = compile(p);

    // Root → exit handler: the parameters enter the exit handler's DAG as inputs.
    const exitTask = spec.root.dag!.tasks['exit-handler-1'];
    expect(exitTask.inputs?.parameters).toEqual({
      'pipelinechannel--cpu': { componentInputParameter: 'cpu' },
      'pipelinechannel--memory': { componentInputParameter: 'memory' },
      'pipelinechannel--gpus': { componentInputParameter: 'gpus' },
      'pipelinechannel--flag-Output': { taskOutputParameter: { producerTask: 'flag', outputParameterKey: 'Output' } },
    });
    const exitHandler = component(spec, 'comp-exit-handler-1');
    expect(Object.keys(exitHandler.inputDefinitions?.parameters ?? {}).sort()).toEqual([
      'pipelinechannel--cpu',
      'pipelinechannel--flag-Output',
      'pipelinechannel--gpus',
      'pipelinechannel--memory',
    ]);

    // Exit handler → condition: passed on from the exit handler's inputs.
    const conditionTask = exitHandler.dag!.tasks['condition-2'];
    expect(conditionTask.inputs?.parameters?.['pipelinechannel--cpu']).toEqual({ componentInputParameter: 'pipelinechannel--cpu' });
    expect(conditionTask.inputs?.parameters?.['pipelinechannel--gpus']).toEqual({ componentInputParameter: 'pipelinechannel--gpus' });
    const condition = component(spec, 'comp-condition-2');
    expect(condition.inputDefinitions?.parameters?.['pipelinechannel--cpu']).toEqual({ parameterType: 'STRING' });
    expect(condition.inputDefinitions?.parameters?.['pipelinechannel--memory']).toEqual({ parameterType: 'STRING' });

    // The task reads them from its condition's inputs.
    const task = condition.dag!.tasks['work'];
    expect(task.inputs?.parameters).toEqual({
      cpu_limit: { runtimeValue: { constant: placeholder('pipelinechannel--cpu') } },
      memory_request: { runtimeValue: { constant: placeholder('pipelinechannel--memory') } },
      accelerator_count: { runtimeValue: { constant: placeholder('pipelinechannel--gpus') } },
      'pipelinechannel--cpu': { componentInputParameter: 'pipelinechannel--cpu' },
      'pipelinechannel--memory': { componentInputParameter: 'pipelinechannel--memory' },
      'pipelinechannel--gpus': { componentInputParameter: 'pipelinechannel--gpus' },
    });
    expect((spec.deploymentSpec.executors['exec-work'] as { container: { resources?: unknown } }).container.resources).toEqual({
      resourceCpuLimit: placeholder('pipelinechannel--cpu'),
      resourceMemoryRequest: placeholder('pipelinechannel--memory'),
      accelerator: {
        resourceCount: placeholder('pipelinechannel--gpus'),
        resourceType: 'nvidia.com/gpu',
        type: 'nvidia.com/gpu',
      },
    });
  });

  it('threads a task output into a condition and runs the condition after its producer', () => {
    const p = pipeline({ name: 'resource-from-task' }, () => {
      const s = size();
      const f = flag();
      If(f.output.eq('yes'), () => {
        work().setMemoryLimit(s.output);
      });
    });
    const { pipelineSpec: spec } = compile(p);

    const conditionTask = spec.root.dag!.tasks['condition-1'];
    expect(conditionTask.dependentTasks).toEqual(['flag', 'size']);
    expect(conditionTask.inputs?.parameters?.['pipelinechannel--size-Output']).toEqual({
      taskOutputParameter: { producerTask: 'size', outputParameterKey: 'Output' },
    });
    const task = component(spec, 'comp-condition-1').dag!.tasks['work'];
    expect(task.inputs?.parameters).toEqual({
      memory_limit: { runtimeValue: { constant: placeholder('pipelinechannel--size-Output') } },
      'pipelinechannel--size-Output': { componentInputParameter: 'pipelinechannel--size-Output' },
    });
  });

  it('makes a task depend on the producer of its resource setting in the same DAG', () => {
    const p = pipeline({ name: 'resource-dependency' }, () => {
      work().setCpuRequest(size().output);
    });
    const { pipelineSpec: spec } = compile(p);
    expect(spec.root.dag!.tasks['work'].dependentTasks).toEqual(['size']);
    expect(spec.root.dag!.tasks['work'].inputs?.parameters?.['pipelinechannel--size-Output']).toEqual({
      taskOutputParameter: { producerTask: 'size', outputParameterKey: 'Output' },
    });
  });
});

describe('container image from a channel', () => {
  it('writes the placeholder as the image and carries the value in, through a condition', () => {
    const p = pipeline({ name: 'image-from-parameter', inputs: { image: t.string() } }, ({ image }) => {
      const f = flag();
      If(f.output.eq('yes'), () => {
        work().setContainerImage(image);
      });
    });
    const { pipelineSpec: spec } = compile(p);
    expect((spec.deploymentSpec.executors['exec-work'] as { container: { image: string } }).container.image).toBe(
      placeholder('pipelinechannel--image'),
    );
    expect(spec.root.dag!.tasks['condition-1'].inputs?.parameters?.['pipelinechannel--image']).toEqual({ componentInputParameter: 'image' });
    expect(component(spec, 'comp-condition-1').dag!.tasks['work'].inputs?.parameters).toEqual({
      base_image: { runtimeValue: { constant: placeholder('pipelinechannel--image') } },
      'pipelinechannel--image': { componentInputParameter: 'pipelinechannel--image' },
    });
  });
});

describe('settings from channels that cannot work', () => {
  const errorOf = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (isKfpDefinitionError(e)) return e.message;
      throw e;
    }
    throw new Error('no error');
  };
  const count = containerComponent({ name: 'count', outputs: { Output: t.integer() }, image: 'alpine', command: ['true'] });

  it('refuses a non-string value (the backend reads settings as text)', () => {
    expect(
      errorOf(() =>
        pipeline({ name: 'p' }, () => {
          work().setAcceleratorLimit(count().output);
        }),
      ),
    ).toBe('a setting taken from a pipeline value must be a STRING parameter, got NUMBER_INTEGER');
  });

  it('refuses an image built from a template literal', () => {
    expect(
      errorOf(() =>
        pipeline({ name: 'p', inputs: { tag: t.string() } }, ({ tag }) => {
          work().setContainerImage(`alpine:${tag}`);
        }),
      ),
    ).toBe(
      'the image cannot be a template literal with pipeline values in it; pass the channel itself, or build the name in a component and pass its output',
    );
  });

  it('refuses a component input that has the name of a setting input', () => {
    const job = containerComponent({ name: 'job', inputs: { cpu_limit: t.string() }, image: 'alpine', command: ['true'] });
    const p = pipeline({ name: 'p', inputs: { cpu: t.string() } }, ({ cpu }) => {
      job({ cpu_limit: '1' }).setCpuLimit(cpu);
    });
    expect(errorOf(() => compile(p))).toBe(
      "input 'cpu_limit' collides with the input the compiler adds to carry the task's cpuLimit setting; rename the input",
    );
  });
});
