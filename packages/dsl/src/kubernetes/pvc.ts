/**
 * Components that create and delete PersistentVolumeClaims (kfp-kubernetes' `CreatePVC` / `DeletePVC`). The
 * KFP backend recognizes their images and performs the operation itself, so they have no command line.
 */
import { hasChannelTokens, isChannel } from '../channels/channel.js';
import { callerLocation, KfpDefinitionError } from '../errors.js';
import type { Component } from '../components/component.js';
import { containerComponent } from '../components/container-component.js';
import type { IODecl } from '../components/typing.js';
import { list, string, struct } from '../types/parameters.js';
import { ACCESS_MODES, metadataKeyProblem, oneOfProblem, quantityProblem, resourceNameProblem } from './rules.js';

const createPvcComponent = containerComponent({
  name: 'CreatePVC',
  inputs: {
    access_modes: list(string()).describe(
      'Access modes of the claim: ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod.',
    ),
    size: string().describe("Storage to request, as a Kubernetes quantity such as '5Gi'."),
    pvc_name: string().optionalInput().describe('The claim\'s name. Give either this or pvc_name_suffix.'),
    pvc_name_suffix: string()
      .optionalInput()
      .describe("Suffix of a generated name '<workflow name>-<suffix>'. Give either this or pvc_name."),
    storage_class_name: string()
      .default('')
      .describe("StorageClass to provision from; '' for a statically provisioned volume, unset for the cluster default."),
    volume_name: string().optionalInput().describe('An existing PersistentVolume to bind (static provisioning only).'),
    annotations: struct().optionalInput().describe('Annotations of the claim.'),
    data_source: struct()
      .optionalInput()
      .describe("Where the claim's data comes from, such as a VolumeSnapshot: { apiGroup, kind, name }."),
  },
  outputs: { name: string() },
  image: 'argostub/createpvc',
});

const deletePvcComponent = containerComponent({
  name: 'DeletePVC',
  inputs: { pvc_name: string().describe('Name of the claim to delete, e.g. the name output of createPvc.') },
  image: 'argostub/deletepvc',
});

/** A component that checks its literal arguments before adding its task. */
function withArgumentCheck<I extends IODecl, O extends IODecl>(
  component: Component<I, O>,
  checkArgs: (args: Record<string, unknown>, fail: (message: string, field: string) => KfpDefinitionError) => void,
): Component<I, O> {
  const call = (args: Record<string, unknown> = {}) => {
    const fail = (message: string, field: string) =>
      new KfpDefinitionError(message, { task: component.spec.name, field, location: callerLocation() });
    if (typeof args === 'object' && args !== null) checkArgs(args, fail);
    return (component as unknown as (a: Record<string, unknown>) => unknown)(args);
  };
  for (const key of Reflect.ownKeys(component)) {
    if (key === 'prototype') continue;
    Object.defineProperty(call, key, Object.getOwnPropertyDescriptor(component, key)!);
  }
  return call as unknown as Component<I, O>;
}

function checkCreatePvc(args: Record<string, unknown>, fail: (message: string, field: string) => KfpDefinitionError): void {
  const given = (name: string) => args[name] !== undefined;
  if (given('pvc_name') === given('pvc_name_suffix')) {
    throw fail('give exactly one of pvc_name and pvc_name_suffix', given('pvc_name') ? 'pvc_name' : 'pvc_name_suffix');
  }
  const literal = (name: string) => (typeof args[name] === 'string' && !hasChannelTokens(args[name] as string) ? (args[name] as string) : undefined);
  const name = literal('pvc_name');
  if (name !== undefined) {
    const problem = resourceNameProblem('PersistentVolumeClaim', name);
    if (problem) throw fail(problem, 'pvc_name');
  }
  const modes = args.access_modes;
  if (Array.isArray(modes)) {
    if (modes.length === 0) throw fail("give at least one access mode, e.g. ['ReadWriteOnce']", 'access_modes');
    for (const mode of modes) {
      if (isChannel(mode)) continue;
      const problem = oneOfProblem('access mode', mode, ACCESS_MODES);
      if (problem) throw fail(problem, 'access_modes');
    }
  }
  const size = literal('size');
  if (size !== undefined) {
    const problem = quantityProblem('volume size', size);
    if (problem) throw fail(problem, 'size');
  }
  const annotations = args.annotations;
  if (annotations && typeof annotations === 'object' && !isChannel(annotations)) {
    for (const key of Object.keys(annotations)) {
      const problem = metadataKeyProblem('annotation', key);
      if (problem) throw fail(problem, 'annotations');
    }
  }
  const source = args.data_source;
  if (source && typeof source === 'object' && !isChannel(source)) {
    for (const key of Object.keys(source)) {
      if (!['apiGroup', 'kind', 'name'].includes(key)) throw fail(`data_source takes apiGroup, kind and name, not '${key}'`, 'data_source');
    }
    if (!('kind' in source) || !('name' in source)) throw fail('data_source needs a kind and a name', 'data_source');
  }
}

/**
 * Creates a PersistentVolumeClaim; its `name` output is the claim's name, for `task.mountPvc(...)` and
 * `deletePvc`.
 *
 * @example
 * import { containerComponent, createPvc, deletePvc, pipeline } from '@kfp-ts/dsl';
 * const train = containerComponent({ name: 'train', image: 'ghcr.io/acme/train:1.0' });
 * export const training = pipeline({ name: 'training' }, () => {
 *   const pvc = createPvc({ pvc_name_suffix: '-data', access_modes: ['ReadWriteOnce'], size: '5Gi' });
 *   const trained = train().mountPvc(pvc.outputs.name, '/data');
 *   deletePvc({ pvc_name: pvc.outputs.name }).after(trained);
 * });
 */
export const createPvc = withArgumentCheck(createPvcComponent, checkCreatePvc);

/**
 * Deletes a PersistentVolumeClaim, typically after the tasks that use it.
 *
 * @example
 * import { containerComponent, createPvc, deletePvc, pipeline } from '@kfp-ts/dsl';
 * const train = containerComponent({ name: 'train', image: 'ghcr.io/acme/train:1.0' });
 * export const training = pipeline({ name: 'training' }, () => {
 *   const pvc = createPvc({ pvc_name: 'training-scratch', access_modes: ['ReadWriteOnce'], size: '5Gi' });
 *   const trained = train().mountPvc(pvc.outputs.name, '/scratch');
 *   deletePvc({ pvc_name: pvc.outputs.name }).after(trained);
 * });
 */
export const deletePvc = withArgumentCheck(deletePvcComponent, (args, fail) => {
  const name = args.pvc_name;
  if (typeof name === 'string' && !hasChannelTokens(name)) {
    const problem = resourceNameProblem('PersistentVolumeClaim', name);
    if (problem) throw fail(problem, 'pvc_name');
  }
});
