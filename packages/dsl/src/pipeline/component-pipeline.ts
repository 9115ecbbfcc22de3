/**
 * A component compiled on its own runs as a pipeline of one task, as in the Python SDK: the pipeline has
 * the component's interface, its task takes every input from the pipeline's inputs, and every output of
 * the task is an output of the pipeline.
 */
import { isComponent, type Component } from '../components/component.js';
import { KfpDefinitionError } from '../errors.js';
import { isPipeline, pipeline, type Pipeline } from './pipeline.js';
import { createTask } from './task.js';

/** Any component or pipeline, whatever its inputs and outputs. */
export type AnyComponent = Component<any, any>;

/**
 * The pipeline that compiling `component` produces: a pipeline is returned as is; any other component
 * becomes a one-task pipeline named after it.
 *
 * @example
 * import { asPipeline, containerComponent, t } from '@kfp-ts/dsl';
 * const echo = containerComponent({ name: 'echo', inputs: { text: t.string() }, image: 'alpine', command: ['echo'], args: ({ inputs }) => [inputs.text] });
 * const p = asPipeline(echo); // pipeline 'echo' with input 'text'
 */
export function asPipeline(component: AnyComponent): Pipeline {
  if (isPipeline(component)) return component as Pipeline;
  if (!isComponent(component)) {
    throw new KfpDefinitionError('expected a pipeline declared with pipeline() or a component (containerComponent, pythonComponent, …)');
  }
  const spec = component.spec;
  return pipeline({ name: spec.name, inputs: spec.inputs, outputs: spec.outputs }, (inputs) => {
    // Every input is passed through, optional ones and a task final status included; a call through the
    // component would refuse the latter, so the task is created directly.
    const task = createTask(spec, { ...inputs });
    return Object.keys(spec.outputs).length ? task.outputs : undefined;
  }) as Pipeline;
}
