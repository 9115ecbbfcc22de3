/**
 * Container components: an image and a command line with placeholders (`@dsl.container_component` in
 * Python).
 */
import { KfpDefinitionError, callerLocation } from '../errors.js';
import { makeComponent, type Component } from './component.js';
import { placeholdersFor, renderCommandPart, type CommandPart, type InputPlaceholders, type OutputPlaceholders } from './placeholders.js';
import type { IODecl } from './typing.js';
import { checkComponentInterface } from './interface-checks.js';
import { checkPlaceholderReferences } from './placeholder-checks.js';

/** A command line, given directly or built from the component's placeholders. */
export type CommandLine<I extends IODecl, O extends IODecl> =
  | readonly CommandPart[]
  | ((io: { inputs: InputPlaceholders<I>; outputs: OutputPlaceholders<O> }) => readonly CommandPart[]);

export interface ContainerComponentOptions<I extends IODecl, O extends IODecl> {
  /** The component's name (task names derive from it). */
  name: string;
  description?: string;
  inputs?: I;
  outputs?: O;
  image: string;
  command?: CommandLine<I, O>;
  args?: CommandLine<I, O>;
}

/**
 * Declares a container component.
 *
 * @example
 * import { containerComponent, t } from '@kfp-ts/dsl';
 *
 * export const say = containerComponent({
 *   name: 'say',
 *   inputs: { message: t.string() },
 *   outputs: { log: t.artifact() },
 *   image: 'alpine:3.20',
 *   command: ['sh', '-c', 'echo "$0" | tee "$1"'],
 *   args: ({ inputs, outputs }) => [inputs.message, outputs.log.path],
 * });
 */
export function containerComponent<I extends IODecl = {}, O extends IODecl = {}>(
  options: ContainerComponentOptions<I, O>,
): Component<I, O> {
  const location = callerLocation();
  const inputs = (options.inputs ?? {}) as I;
  const outputs = (options.outputs ?? {}) as O;
  checkComponentInterface(options.name, inputs, outputs, location);
  if (typeof options.image !== 'string' || options.image.trim() === '') {
    throw new KfpDefinitionError(`container component '${options.name}' needs an image`, { field: 'image', location });
  }
  const placeholders = placeholdersFor(inputs, outputs);
  const render = (line: CommandLine<I, O> | undefined, field: string) => {
    if (line === undefined) return undefined;
    try {
      const parts = typeof line === 'function' ? line(placeholders) : line;
      if (!Array.isArray(parts)) throw new KfpDefinitionError(`${field} must be a list of command-line elements`);
      const rendered = parts.map(renderCommandPart);
      checkPlaceholderReferences(parts, inputs, outputs);
      return rendered;
    } catch (e) {
      if (e instanceof KfpDefinitionError) throw new KfpDefinitionError(e.message, { ...e.context, task: options.name, field, location });
      throw e;
    }
  };
  const command = render(options.command, 'command');
  const args = render(options.args, 'args');
  return makeComponent<I, O>({
    name: options.name,
    ...(options.description !== undefined ? { description: options.description } : {}),
    inputs,
    outputs,
    implementation: {
      kind: 'container',
      container: { image: options.image, ...(command ? { command } : {}), ...(args ? { args } : {}) },
    },
  });
}
