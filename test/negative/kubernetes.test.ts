/**
 * Kubernetes settings: names, quantities and enumerations Kubernetes would reject, conflicting mounts and
 * environment variables, channels of the wrong kind, and settings on tasks that have no pod of their own.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '@kfp-ts/compiler';
import { createPvc, importer, pipeline, t } from '@kfp-ts/dsl';
import { expectDefinitionError } from './helpers.js';
import { makeDataset, makeNumber, makeText, noOutputs, useNumber, useText } from './fixtures.js';

describe('Secrets and ConfigMaps', () => {
  it('rejects an empty secret name', () => {
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().useSecretAsEnv('', { password: 'PASSWORD' }); }), { // @at(empty-secret)
      message: 'the Secret name must be a non-empty string',
      pipeline: 'p',
      task: 'no-outputs',
      field: 'secretAsEnv',
      at: 'empty-secret',
    });
  });

  it('rejects a secret name Kubernetes does not accept', () => {
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().useSecretAsVolume('My_Secret', '/mnt/s'); }), { // @at(bad-secret)
      message: ["'My_Secret' is not a valid Secret name", 'lowercase letters, digits'],
      field: 'secretAsVolume',
      at: 'bad-secret',
    });
  });

  it('rejects a ConfigMap name built from a template with pipeline values', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p', inputs: { env: t.string() } }, ({ env }) => {
          noOutputs().useConfigMapAsEnv(`${env}-config`, { level: 'LOG_LEVEL' }); // @at(template-name)
        }),
      { message: 'cannot be a template with pipeline values', field: 'configMapAsEnv', at: 'template-name' },
    );
  });

  it('rejects a secret name from a parameter that is not a string', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          noOutputs().useSecretAsEnv(makeNumber().outputs.n, { password: 'PASSWORD' }); // @at(int-name)
        }),
      { message: 'expected a STRING parameter, got NUMBER_INTEGER', field: 'secretAsEnv', at: 'int-name' },
    );
  });

  it('rejects an artifact as a secret name', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          noOutputs().useSecretAsEnv(makeDataset().outputs.data as never, { password: 'PASSWORD' }); // @at(artifact-name)
        }),
      { message: 'an artifact cannot be used as a Kubernetes setting', at: 'artifact-name' },
    );
  });

  it('rejects an empty key mapping', () => {
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().useSecretAsEnv('creds', {}); }), { // @at(no-keys)
      message: 'map at least one Secret key to an environment variable',
      at: 'no-keys',
    });
  });

  it('rejects an invalid environment variable name', () => {
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().useSecretAsEnv('creds', { password: '1PASSWORD' }); }), { // @at(bad-env)
      message: "'1PASSWORD' is not a valid environment variable name",
      at: 'bad-env',
    });
  });

  it('rejects the same environment variable set twice', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          noOutputs()
            .useSecretAsEnv('creds', { password: 'PASSWORD' })
            .useConfigMapAsEnv('settings', { password: 'PASSWORD' }); // @at(env-twice)
        }),
      { message: "environment variable 'PASSWORD' is already set from a Secret on this task", field: 'configMapAsEnv', at: 'env-twice' },
    );
  });

  it('rejects an environment variable that setEnvVariable already set', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          noOutputs().setEnvVariable('RUN_NAME', 'x').useFieldPathAsEnv('RUN_NAME', 'metadata.name'); // @at(env-field)
        }),
      { message: "environment variable 'RUN_NAME' is already set from setEnvVariable", at: 'env-field' },
    );
  });
});

describe('volumes', () => {
  it('rejects two volumes on one mount path', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          noOutputs()
            .useSecretAsVolume('creds', '/mnt/data')
            .mountPvc('shared', '/mnt/data'); // @at(same-path)
        }),
      { message: "mount path '/mnt/data' is already used by a Secret volume on this task", field: 'pvcMount', at: 'same-path' },
    );
  });

  it('rejects a volume name used twice', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          noOutputs()
            .mountEmptyDir({ volumeName: 'scratch', mountPath: '/a' })
            .mountEmptyDir({ volumeName: 'scratch', mountPath: '/b' }); // @at(same-volume)
        }),
      { message: "volume 'scratch' is already defined on this task", at: 'same-volume' },
    );
  });

  it('rejects a bad ephemeral volume size', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          noOutputs().addEphemeralVolume({ volumeName: 'tmp', mountPath: '/tmp/x', accessModes: ['ReadWriteOnce'], size: '5 GB' }); // @at(bad-size)
        }),
      { message: "'5 GB' is not a valid volume size", field: 'ephemeralVolume', at: 'bad-size' },
    );
  });

  it('rejects an unknown access mode', () => {
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          noOutputs().addEphemeralVolume({ volumeName: 'tmp', mountPath: '/tmp/x', accessModes: ['ReadWrite'], size: '1Gi' }); // @at(bad-mode)
        }),
      { message: ["'ReadWrite' is not a valid access mode", "'ReadWriteOnce'"], at: 'bad-mode' },
    );
  });

  it('rejects a bad emptyDir medium and size limit', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { noOutputs().mountEmptyDir({ volumeName: 'shm', mountPath: '/dev/shm', medium: 'Disk' }); }), // @at(bad-medium)
      { message: "'Disk' is not a valid emptyDir medium", at: 'bad-medium' },
    );
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { noOutputs().mountEmptyDir({ volumeName: 'shm', mountPath: '/dev/shm', sizeLimit: 'lots' }); }), // @at(bad-limit)
      { message: "'lots' is not a valid size limit", at: 'bad-limit' },
    );
  });

  it('rejects a PVC sub-path that leaves the volume', () => {
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().mountPvc('shared', '/data', { subPath: '../etc' }); }), { // @at(sub-path)
      message: "sub-path '../etc' must not contain '..'",
      field: 'pvcMount.subPath',
      at: 'sub-path',
    });
  });

  it('rejects createPvc with both or neither of pvc_name and pvc_name_suffix', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { createPvc({ access_modes: ['ReadWriteOnce'], size: '1Gi' }); }), // @at(no-pvc-name)
      { message: 'give exactly one of pvc_name and pvc_name_suffix', task: 'CreatePVC', at: 'no-pvc-name' },
    );
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { createPvc({ pvc_name: 'a', pvc_name_suffix: '-b', access_modes: ['ReadWriteOnce'], size: '1Gi' }); }), // @at(two-pvc-names)
      { message: 'give exactly one of pvc_name and pvc_name_suffix', at: 'two-pvc-names' },
    );
  });

  it('rejects createPvc with a size that is not a quantity', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { createPvc({ pvc_name_suffix: '-x', access_modes: ['ReadWriteOnce'], size: 'big' }); }), // @at(pvc-size)
      { message: "'big' is not a valid volume size", field: 'size', at: 'pvc-size' },
    );
  });
});

describe('scheduling', () => {
  it('rejects an unknown toleration operator', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { noOutputs().addToleration({ key: 'gpu', operator: 'Is' as never, effect: 'NoSchedule' }); }), // @at(bad-operator)
      { message: ["'Is' is not a valid toleration operator", "'Equal', 'Exists'"], field: 'tolerations', at: 'bad-operator' },
    );
  });

  it('rejects an unknown toleration effect', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { noOutputs().addToleration({ key: 'gpu', operator: 'Exists', effect: 'NoRun' as never }); }), // @at(bad-effect)
      { message: ["'NoRun' is not a valid toleration effect", "'NoSchedule', 'PreferNoSchedule', 'NoExecute'"], at: 'bad-effect' },
    );
  });

  it('rejects a value with operator Exists, and tolerationSeconds without NoExecute', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { noOutputs().addToleration({ key: 'gpu', operator: 'Exists', value: 'yes' }); }), // @at(exists-value)
      { message: "a toleration with operator 'Exists' matches any value", at: 'exists-value' },
    );
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { noOutputs().addToleration({ key: 'gpu', value: 'yes', effect: 'NoSchedule', tolerationSeconds: 5 }); }), // @at(seconds)
      { message: "tolerationSeconds only applies to effect 'NoExecute'", at: 'seconds' },
    );
  });

  it('rejects a toleration without a key unless it uses Exists', () => {
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().addToleration({ value: 'x' }); }), { // @at(no-key)
      message: "a toleration without a key must use operator 'Exists'",
      at: 'no-key',
    });
  });

  it('rejects tolerations JSON from a string parameter', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p', inputs: { tol: t.string() } }, ({ tol }) => { noOutputs().addTolerationJson(tol as never); }), // @at(tol-json)
      { message: 'expected a STRUCT or LIST parameter, got STRING', at: 'tol-json' },
    );
  });

  it('rejects invalid node selector labels', () => {
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().addNodeSelector('pool', 'gpu pool'); }), { // @at(bad-label)
      message: "'gpu pool' is not a valid node selector label value",
      field: 'nodeSelector',
      at: 'bad-label',
    });
  });

  it('rejects node affinity with a bad operator or weight', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { noOutputs().addNodeAffinity({ matchExpressions: [{ key: 'zone', operator: 'Equals' as never, values: ['a'] }] }); }), // @at(affinity-op)
      { message: "'Equals' is not a valid operator for key 'zone'", at: 'affinity-op' },
    );
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { noOutputs().addNodeAffinity({ matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }], weight: 101 }); }), // @at(affinity-weight)
      { message: 'weight must be a whole number from 1 to 100, got 101', field: 'nodeAffinity.weight', at: 'affinity-weight' },
    );
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { noOutputs().addNodeAffinity({ matchExpressions: [{ key: 'zone', operator: 'In' }] }); }), // @at(affinity-values)
      { message: "operator 'In' for key 'zone' needs at least one value", at: 'affinity-values' },
    );
  });

  it('rejects node affinity JSON with fields NodeAffinity does not have', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { noOutputs().setNodeAffinityJson({ required: {} }); }), // @at(affinity-json)
      { message: "'required' is not a NodeAffinity field", at: 'affinity-json' },
    );
  });

  it('rejects an invalid GPU request', () => {
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().scheduleOnGpu({ count: 0 }); }), { // @at(gpu-count)
      message: 'the GPU count must be a whole number at least 1, got 0',
      field: 'scheduleOnGpu.count',
      at: 'gpu-count',
    });
  });
});

describe('pod settings', () => {
  it('rejects an unknown image pull policy', () => {
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().setImagePullPolicy('Sometimes' as never); }), { // @at(pull-policy)
      message: ["'Sometimes' is not a valid image pull policy", "'Always', 'Never', 'IfNotPresent'"],
      at: 'pull-policy',
    });
  });

  it('rejects an empty image pull secret name', () => {
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().setImagePullSecrets(['']); }), { // @at(pull-secret)
      message: 'the Secret name must be a non-empty string',
      field: 'imagePullSecrets',
      at: 'pull-secret',
    });
  });

  it('rejects a negative or fractional timeout', () => {
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().setTimeout(-1); }), { // @at(timeout)
      message: 'the timeout in seconds must be a whole number at least 0, got -1',
      field: 'timeout',
      at: 'timeout',
    });
  });

  it('rejects an empty or negative security context', () => {
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().setSecurityContext({}); }), { // @at(empty-sc)
      message: 'set at least one of runAsUser, runAsGroup and runAsNonRoot',
      at: 'empty-sc',
    });
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().setSecurityContext({ runAsUser: -5 }); }), { // @at(negative-user)
      message: 'runAsUser must be a whole number at least 0, got -5',
      at: 'negative-user',
    });
  });

  it('rejects invalid pod labels', () => {
    expectDefinitionError(() => pipeline({ name: 'p' }, () => { noOutputs().addPodLabel('team/', 'ml'); }), { // @at(pod-label)
      message: "'team/' is not a valid label key",
      field: 'podLabels',
      at: 'pod-label',
    });
  });

  it('rejects a reserved or repeated init container name', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { noOutputs().addInitContainer({ name: 'kfp-launcher', image: 'busybox' }); }), // @at(launcher)
      { message: "the init container name 'kfp-launcher' is reserved", at: 'launcher' },
    );
    expectDefinitionError(
      () =>
        pipeline({ name: 'p' }, () => {
          noOutputs()
            .addInitContainer({ name: 'prep', image: 'busybox' })
            .addInitContainer({ name: 'prep', image: 'busybox' }); // @at(init-twice)
        }),
      { message: "an init container named 'prep' was already added to this task", at: 'init-twice' },
    );
  });

  it('rejects a relative init container mount path', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p' }, () => { noOutputs().addInitContainer({ name: 'prep', image: 'busybox', volumeMounts: { scratch: 'data' } }); }), // @at(init-mount)
      { message: 'init container mount path "data" must be an absolute path', at: 'init-mount' },
    );
  });
});

describe('where Kubernetes settings apply', () => {
  it('rejects Kubernetes settings on a pipeline used as a component', () => {
    const inner = pipeline({ name: 'inner' }, () => { makeText(); });
    const outer = pipeline({ name: 'outer' }, () => { inner().useSecretAsEnv('creds', { token: 'TOKEN' }); });
    expectDefinitionError(() => compile(outer), {
      message: 'Kubernetes settings can only be set on tasks of container components',
      pipeline: 'outer',
      task: 'inner',
    });
  });

  it('rejects Kubernetes settings on an importer', () => {
    const p = pipeline({ name: 'p' }, () => {
      importer({ artifactUri: 'gs://bucket/data', artifactClass: t.dataset() }).addPodLabel('team', 'ml');
    });
    expectDefinitionError(() => compile(p), { message: 'Kubernetes settings can only be set on tasks of container components' });
  });

  it('rejects a PVC name read from inside a ParallelFor by a task outside it', async () => {
    const { ParallelFor } = await import('@kfp-ts/dsl');
    const p = pipeline({ name: 'p' }, () => {
      let name: ReturnType<typeof makeText>['outputs']['text'] | undefined;
      ParallelFor(['a', 'b'], () => {
        name = makeText().outputs.text;
      });
      noOutputs().mountPvc(name!, '/data');
    });
    expectDefinitionError(() => compile(p), { message: 'from inside a ParallelFor that does not contain it' });
  });
});

describe('pipeline options', () => {
  it('rejects a task default Kubernetes would not accept', () => {
    expectDefinitionError(
      () => pipeline({ name: 'p', taskDefaults: { tolerations: [{ key: 'gpu', operator: 'Exists', effect: 'Never' as never }] } }, () => { noOutputs(); }), // @at(default-toleration)
      { message: "'Never' is not a valid toleration effect", pipeline: 'p', field: 'taskDefaults.tolerations', at: 'default-toleration' },
    );
    expectDefinitionError(
      () => pipeline({ name: 'p', taskDefaults: { cpuLimit: 'two' } }, () => { noOutputs(); }), // @at(default-cpu)
      { message: "'two' is not a CPU quantity", field: 'taskDefaults.cpuLimit', at: 'default-cpu' },
    );
  });

  it('rejects an unknown task default', () => {
    expectDefinitionError(() => pipeline({ name: 'p', taskDefaults: { cpu: '1' } as never }, () => { noOutputs(); }), { // @at(default-unknown)
      message: "unknown task default 'cpu'",
      at: 'default-unknown',
    });
  });

  it('rejects a workspace without a valid size', () => {
    expectDefinitionError(() => pipeline({ name: 'p', workspace: { size: 'lots' } }, () => { noOutputs(); }), { // @at(workspace-size)
      message: "'lots' is not a valid workspace size",
      field: 'workspace',
      at: 'workspace-size',
    });
  });

  it('rejects the workspace path in a pipeline without a workspace', async () => {
    const { workspacePath, containerComponent } = await import('@kfp-ts/dsl');
    const write = containerComponent({ name: 'write', inputs: { dir: t.string() }, image: 'alpine', command: ['ls'] });
    const p = pipeline({ name: 'p' }, () => { write({ dir: workspacePath }); });
    expectDefinitionError(() => compile(p), { message: ['a task uses workspacePath', 'declares no workspace'], field: 'workspace' });
  });

  it('rejects an importer downloading into a workspace the pipeline does not declare', () => {
    const p = pipeline({ name: 'p' }, () => {
      importer({ artifactUri: 'gs://bucket/data', artifactClass: t.dataset(), downloadToWorkspace: true });
    });
    expectDefinitionError(() => compile(p), { message: 'an importer downloads into the workspace' });
  });
});

describe('credential warnings', () => {
  it('warns, without failing, about a credential passed to a task as a pipeline parameter', () => {
    const p = pipeline({ name: 'p', inputs: { db_password: t.string() } }, ({ db_password }) => { useText({ text: db_password }); });
    const messages: string[] = [];
    const compiled = compile(p, { onWarning: (m) => messages.push(m) });
    expect(compiled.warnings).toHaveLength(1);
    expect(compiled.warnings![0]).toContain("pipeline parameter 'db_password' looks like a credential");
    expect(compiled.warnings![0]).toContain('task.useSecretAsEnv(');
    expect(messages).toEqual(compiled.warnings);
  });

  it('warns about a credential-like environment variable set to a literal', () => {
    const p = pipeline({ name: 'p' }, () => { noOutputs().setEnvVariable('AWS_SECRET_ACCESS_KEY', 'abc123'); });
    expect(compile(p).warnings?.[0]).toContain("sets environment variable 'AWS_SECRET_ACCESS_KEY' to a literal value");
  });

  it('does not warn about names of Secrets, token counts or values read from Secrets', () => {
    const p = pipeline(
      { name: 'p', inputs: { secret_name: t.string(), max_tokens: t.integer(), api_token_count: t.integer() } },
      ({ secret_name, max_tokens, api_token_count }) => {
        useText({ text: secret_name });
        useNumber({ n: max_tokens });
        useNumber({ n: api_token_count });
        noOutputs().useSecretAsEnv(secret_name, { token: 'API_TOKEN' });
      },
    );
    expect(compile(p).warnings).toBeUndefined();
  });

  it('does not warn when a credential-named parameter only names a Secret', () => {
    const p = pipeline({ name: 'p', inputs: { secret: t.string() } }, ({ secret }) => {
      noOutputs().useSecretAsVolume(secret, '/mnt/creds');
    });
    expect(compile(p).warnings).toBeUndefined();
  });
});
