/**
 * Kubernetes settings → PlatformSpec: values read from channels inside sub-DAGs, GPU scheduling in one call,
 * pipeline-wide task defaults, sub-pipelines and the workspace. (The kfp-kubernetes conventions themselves are
 * covered by the conformance cases.)
 */
import { describe, expect, it } from 'vitest';
import { containerComponent, ExitHandler, If, ParallelFor, pipeline, t, workspacePath } from '@kfp-ts/dsl';
import { compile } from '@kfp-ts/compiler';

const work = containerComponent({ name: 'work', image: 'alpine', command: ['true'] });
const other = containerComponent({ name: 'other', image: 'alpine', command: ['true'] });
const name = containerComponent({ name: 'name', outputs: { Output: t.string() }, image: 'alpine', command: ['true'] });
const write = containerComponent({ name: 'write', inputs: { dir: t.string() }, image: 'alpine', command: ['ls'] });

function executors(p: Parameters<typeof compile>[0]): Record<string, any> {
  return (compile(p).platformSpec?.platforms.kubernetes.deploymentSpec?.executors ?? {}) as Record<string, any>;
}

describe('values from channels', () => {
  it('reads a task output from a DAG two levels down through the surfaced input', () => {
    const p = pipeline({ name: 'nested', inputs: { go: t.string() } }, ({ go }) => {
      const secret = name();
      ParallelFor(['a', 'b'], () => {
        If(go.eq('yes'), () => {
          work().useSecretAsEnv(secret.output, { token: 'API_TOKEN' }).mountPvc(go, '/data');
        });
      });
    });
    const { pipelineSpec, platformSpec } = compile(p);
    const exec = platformSpec!.platforms.kubernetes.deploymentSpec!.executors['exec-work'] as any;
    expect(exec.secretAsEnv[0].secretNameParameter).toEqual({ componentInputParameter: 'pipelinechannel--name-Output' });
    expect(exec.pvcMount[0]).toEqual({
      componentInputParameter: 'pipelinechannel--go',
      mountPath: '/data',
      pvcNameParameter: { componentInputParameter: 'pipelinechannel--go' },
    });
    // The value is threaded into both groups, but the leaf task gets no extra input.
    for (const group of ['comp-for-loop-2', 'comp-condition-3']) {
      expect(Object.keys(pipelineSpec.components![group].inputDefinitions!.parameters!)).toContain('pipelinechannel--name-Output');
    }
    const task = pipelineSpec.components!['comp-condition-3'].dag!.tasks.work;
    expect(task.inputs).toBeUndefined();
    expect(pipelineSpec.root.dag!.tasks['for-loop-2'].dependentTasks).toEqual(['name']);
  });

  it('makes a task read a JSON setting from a parameter in the root DAG', () => {
    const p = pipeline({ name: 'json', inputs: { selector: t.struct(), tolerations: t.list() } }, ({ selector, tolerations }) => {
      work().setNodeSelectorJson(selector).addTolerationJson(tolerations).addTolerationJson({ key: 'spot', operator: 'Exists' });
    });
    expect(executors(p)['exec-work']).toEqual({
      nodeSelector: { nodeSelectorJson: { componentInputParameter: 'selector' } },
      tolerations: [{ tolerationJson: { componentInputParameter: 'tolerations' } }, { key: 'spot', operator: 'Exists' }],
    });
  });

  it('reads the settings of an exit task from the root DAG', () => {
    const p = pipeline({ name: 'exit', inputs: { creds: t.string() } }, ({ creds }) => {
      ExitHandler(other().useSecretAsVolume(creds, '/creds'), () => { work(); });
    });
    expect(executors(p)['exec-other'].secretAsVolume[0].secretNameParameter).toEqual({ componentInputParameter: 'creds' });
  });
});

describe('scheduleOnGpu', () => {
  it('sets accelerator, node selector and the GPU toleration in one call', () => {
    const p = pipeline({ name: 'gpu' }, () => {
      work().scheduleOnGpu({ count: 2, nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-l4' } });
    });
    const { pipelineSpec, platformSpec } = compile(p);
    const accelerator = (pipelineSpec.deploymentSpec.executors['exec-work'] as any).container.resources.accelerator;
    expect(accelerator).toMatchObject({ resourceType: 'nvidia.com/gpu', resourceCount: '2' });
    expect(platformSpec!.platforms.kubernetes.deploymentSpec!.executors['exec-work']).toEqual({
      nodeSelector: { labels: { 'cloud.google.com/gke-accelerator': 'nvidia-l4' } },
      tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }],
    });
  });

  it('adds no toleration when told not to', () => {
    const p = pipeline({ name: 'gpu' }, () => { work().scheduleOnGpu({ type: 'amd.com/gpu', toleration: false }); });
    expect(compile(p).platformSpec).toBeUndefined();
  });
});

describe('task defaults', () => {
  const defaults = {
    cpuLimit: '2',
    env: { LOG_LEVEL: 'info', REGION: 'eu' },
    secretsAsEnv: [{ name: 'mlflow', keyToEnv: { token: 'MLFLOW_TOKEN', user: 'MLFLOW_USER' } }],
    secretsAsVolume: [{ name: 'certs', mountPath: '/certs' }],
    nodeSelector: { pool: 'batch' },
    tolerations: [{ key: 'batch', operator: 'Exists' as const, effect: 'NoSchedule' as const }],
    imagePullSecrets: ['registry'],
    podLabels: { team: 'ml' },
  };

  it('gives every container task the defaults, and lets a task override each of them', () => {
    const p = pipeline({ name: 'defaults', taskDefaults: defaults }, () => {
      work();
      other()
        .setCpuLimit('4')
        .setEnvVariable('REGION', 'us')
        .useSecretAsEnv('own', { t: 'MLFLOW_TOKEN' })
        .mountPvc('data', '/certs')
        .addNodeSelector('pool', 'gpu')
        .addToleration({ key: 'batch', operator: 'Equal', value: 'x', effect: 'NoSchedule' })
        .addPodLabel('team', 'vision');
    });
    const { pipelineSpec, platformSpec } = compile(p);
    const containers = pipelineSpec.deploymentSpec.executors as any;
    expect(containers['exec-work'].container.resources.resourceCpuLimit).toBe('2');
    expect(containers['exec-work'].container.env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }, { name: 'REGION', value: 'eu' }]);
    expect(containers['exec-other'].container.resources.resourceCpuLimit).toBe('4');
    expect(containers['exec-other'].container.env).toEqual([{ name: 'LOG_LEVEL', value: 'info' }, { name: 'REGION', value: 'us' }]);

    const k8s = platformSpec!.platforms.kubernetes.deploymentSpec!.executors as any;
    expect(k8s['exec-work'].secretAsEnv[0].keyToEnv).toEqual([
      { secretKey: 'token', envVar: 'MLFLOW_TOKEN' },
      { secretKey: 'user', envVar: 'MLFLOW_USER' },
    ]);
    expect(k8s['exec-work'].secretAsVolume[0].mountPath).toBe('/certs');
    expect(k8s['exec-work'].nodeSelector.labels).toEqual({ pool: 'batch' });
    expect(k8s['exec-work'].imagePullSecret[0].secretName).toBe('registry');

    // The task's own settings win: the default's MLFLOW_TOKEN and /certs give way, the rest stays.
    expect(k8s['exec-other'].secretAsEnv.map((s: any) => [s.secretName, s.keyToEnv])).toEqual([
      ['mlflow', [{ secretKey: 'user', envVar: 'MLFLOW_USER' }]],
      ['own', [{ secretKey: 't', envVar: 'MLFLOW_TOKEN' }]],
    ]);
    expect(k8s['exec-other'].secretAsVolume).toBeUndefined();
    expect(k8s['exec-other'].pvcMount[0].mountPath).toBe('/certs');
    expect(k8s['exec-other'].nodeSelector.labels).toEqual({ pool: 'gpu' });
    expect(k8s['exec-other'].tolerations).toEqual([{ key: 'batch', operator: 'Equal', value: 'x', effect: 'NoSchedule' }]);
    expect(k8s['exec-other'].podMetadata.labels).toEqual({ team: 'vision' });
  });

  it('applies GPU defaults only to tasks that request no accelerator themselves', () => {
    const p = pipeline({ name: 'gpu-defaults', taskDefaults: { gpu: { count: 1 } } }, () => {
      work();
      other().setGpu('amd.com/gpu', 1);
    });
    const k8s = executors(p);
    expect(k8s['exec-work'].tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(k8s['exec-other']).toBeUndefined();
  });

  it('leaves pipelines used as components and importers alone', () => {
    const inner = pipeline({ name: 'inner' }, () => { work(); });
    const outer = pipeline({ name: 'outer', taskDefaults: { podLabels: { team: 'ml' } } }, () => { inner(); other(); });
    const k8s = executors(outer);
    expect(Object.keys(k8s)).toEqual(['exec-other']);
  });
});

describe('sub-pipelines and the workspace', () => {
  it('keeps the settings of tasks inside a pipeline used as a component, under renamed executors', () => {
    const inner = pipeline({ name: 'inner' }, () => { work().setTimeout(60); });
    const outer = pipeline({ name: 'outer' }, () => { work().setTimeout(30); inner(); });
    expect(executors(outer)).toEqual({ 'exec-work': { activeDeadlineSeconds: '30' }, 'exec-work-2': { activeDeadlineSeconds: '60' } });
  });

  it('writes the workspace as pipelineConfig, with an empty PVC patch by default', () => {
    const p = pipeline({ name: 'ws', workspace: { size: '10Gi' } }, () => { write({ dir: workspacePath }); });
    expect(compile(p).platformSpec).toEqual({
      platforms: { kubernetes: { pipelineConfig: { workspace: { size: '10Gi', kubernetes: { pvcSpecPatch: {} } } } } },
    });
  });
});
