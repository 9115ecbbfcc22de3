/**
 * Executors: the container a task runs (image, command, env, resources) or the importer it is.
 */
import { isChannel, type ComponentSpec, type ImporterSpec, type ParameterChannel, type TaskConfig } from '@kfp-ts/dsl';
import type { IrContainerSpec, IrExecutor } from '../ir/types.js';
import { cpuToCores, memoryToGigabytes } from './values.js';
import { withTypeScriptCommand } from './ts-component/container.js';

/** The placeholder text standing for a channel-valued setting inside the container spec. */
export type PlaceholderOf = (channel: ParameterChannel) => string;

/** Settings that may come from a channel, with the phantom task input the Python compiler adds for each. */
export const DYNAMIC_SETTINGS = [
  ['cpuRequest', 'cpu_request'],
  ['cpuLimit', 'cpu_limit'],
  ['memoryRequest', 'memory_request'],
  ['memoryLimit', 'memory_limit'],
  ['acceleratorType', 'accelerator_type'],
  ['acceleratorLimit', 'accelerator_count'],
  ['containerImage', 'base_image'],
] as const;

function resources(config: TaskConfig, placeholder: PlaceholderOf): Record<string, unknown> | undefined {
  const out: Record<string, unknown> = {};
  const quantities = [
    ['cpuLimit', 'cpuLimit', 'resourceCpuLimit', cpuToCores],
    ['cpuRequest', 'cpuRequest', 'resourceCpuRequest', cpuToCores],
    ['memoryLimit', 'memoryLimit', 'resourceMemoryLimit', memoryToGigabytes],
    ['memoryRequest', 'memoryRequest', 'resourceMemoryRequest', memoryToGigabytes],
  ] as const;
  for (const [field, numeric, text, convert] of quantities) {
    const value = config[field];
    if (value === undefined) continue;
    if (isChannel(value)) {
      out[text] = placeholder(value);
    } else {
      out[text] = value;
      // The deprecated numeric field is still written next to the string one, as the Python compiler does.
      out[numeric] = convert(value);
    }
  }
  const type = config.acceleratorType;
  const count = config.acceleratorLimit ?? (type !== undefined ? '1' : undefined);
  if (count !== undefined) {
    const accelerator: Record<string, unknown> = {};
    if (isChannel(count)) accelerator.resourceCount = placeholder(count);
    else {
      accelerator.resourceCount = count;
      if (count !== '0') accelerator.count = count;
    }
    if (type !== undefined) {
      if (isChannel(type)) accelerator.resourceType = placeholder(type);
      else {
        accelerator.resourceType = type;
        accelerator.type = type;
      }
    }
    out.accelerator = accelerator;
  }
  return Object.keys(out).length ? out : undefined;
}

/** The container executor of a task of a container component. */
export function containerExecutor(component: ComponentSpec, config: TaskConfig, placeholder: PlaceholderOf): IrExecutor {
  if (component.implementation.kind !== 'container') throw new Error('not a container component');
  const c = withTypeScriptCommand(component.implementation.container, component);
  const image = config.containerImage;
  const container: IrContainerSpec = { image: image === undefined ? c.image : isChannel(image) ? placeholder(image) : image };
  if (c.command?.length) container.command = [...c.command];
  if (c.args?.length) container.args = [...c.args];
  // Component env first; a task's setting replaces a variable in place or appends it.
  const env = { ...(c.env ?? {}), ...(config.env ?? {}) };
  if (Object.keys(env).length) container.env = Object.entries(env).map(([name, value]) => ({ name, value }));
  const res = resources(config, placeholder);
  if (res) container.resources = res;
  return { container };
}

/** The importer executor. */
export function importerExecutor(importer: ImporterSpec): IrExecutor {
  const spec: Record<string, unknown> = {
    artifactUri: 'constant' in importer.artifactUri ? { constant: importer.artifactUri.constant } : { runtimeParameter: importer.artifactUri.input },
    typeSchema: { schemaTitle: importer.schemaTitle, schemaVersion: importer.schemaVersion },
  };
  if (importer.reimport) spec.reimport = true;
  if (importer.metadata && Object.keys(importer.metadata).length) spec.metadata = importer.metadata;
  if (importer.downloadToWorkspace) spec.downloadToWorkspace = true;
  return { importer: spec };
}
