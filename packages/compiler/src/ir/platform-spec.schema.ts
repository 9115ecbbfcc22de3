/**
 * JSON Schema (draft-07, for ajv) of the second YAML document a KFP v2 compiler writes when kfp-kubernetes features
 * are used: `PlatformSpec` from `api/v2alpha1/pipeline_spec.proto`, with each executor's config checked as a
 * `KubernetesExecutorConfig` from `kubernetes_platform/proto/kubernetes_executor_config.proto`.
 * Same JSON mapping and strictness as the PipelineSpec schema.
 */
import type { SchemaObject } from 'ajv';
import {
  bool,
  enumOf,
  int32,
  int64,
  mapOf,
  message,
  oneof,
  pipelineSpecDefinitions,
  ref,
  repeated,
  string,
  stringMap,
  strings,
  struct,
} from './pipeline-spec.schema.js';

/** Messages of pipeline_spec.proto that Kubernetes configs embed, with everything they reference. */
const borrowed = [
  'InputParameterSpec',
  'TaskOutputParameterSpec',
  'ValueOrRuntimeParameter',
  'Value',
  'PipelineConfig',
  'WorkspaceConfig',
] as const;

/** Names of Secrets, ConfigMaps, PVCs… are InputParameterSpecs, so they can come from pipeline inputs or tasks. */
const nameParameter = ref('InputParameterSpec');

/** SelectorRequirement: a Kubernetes label/node selector requirement (operator In, NotIn, Exists, …). */
const selectorRequirement = message(
  { key: string, operator: string, values: strings },
  { required: ['key', 'operator'] },
);

const podMetadata = message({ labels: stringMap, annotations: stringMap });

const kubernetesExecutorConfig = message({
  secretAsVolume: repeated(
    message(
      {
        secretName: string, // deprecated: secretNameParameter
        mountPath: string,
        optional: bool,
        secretNameParameter: nameParameter,
      },
      { required: ['mountPath'] },
    ),
  ),
  secretAsEnv: repeated(
    message({
      secretName: string, // deprecated: secretNameParameter
      keyToEnv: repeated(message({ secretKey: string, envVar: string }, { required: ['secretKey', 'envVar'] })),
      optional: bool,
      secretNameParameter: nameParameter,
    }),
  ),
  pvcMount: repeated(
    message(
      {
        // Deprecated oneof pvc_reference, superseded by pvcNameParameter; kfp-kubernetes still writes both.
        taskOutputParameter: ref('TaskOutputParameterSpec'),
        constant: string,
        componentInputParameter: string,
        mountPath: string,
        pvcNameParameter: nameParameter,
        subPath: string,
      },
      {
        required: ['mountPath'],
        ...oneof(['taskOutputParameter', 'constant', 'componentInputParameter'], { required: false }),
      },
    ),
  ),
  nodeSelector: message({
    labels: stringMap,
    // A JSON object of label → value; wins over `labels`.
    nodeSelectorJson: nameParameter,
  }),
  podMetadata,
  imagePullSecret: repeated(
    message({
      secretName: string, // deprecated: secretNameParameter
      secretNameParameter: nameParameter,
    }),
  ),
  // A plain string in the proto, documented as one of these three.
  imagePullPolicy: enumOf('Always', 'Never', 'IfNotPresent'),
  configMapAsVolume: repeated(
    message(
      {
        configMapName: string, // deprecated: configMapNameParameter
        mountPath: string,
        optional: bool,
        configMapNameParameter: nameParameter,
      },
      { required: ['mountPath'] },
    ),
  ),
  configMapAsEnv: repeated(
    message({
      configMapName: string, // deprecated: configMapNameParameter
      keyToEnv: repeated(
        message({ configMapKey: string, envVar: string }, { required: ['configMapKey', 'envVar'] }),
      ),
      configMapNameParameter: nameParameter,
      optional: bool,
    }),
  ),
  activeDeadlineSeconds: int64,
  fieldPathAsEnv: repeated(message({ name: string, fieldPath: string }, { required: ['name', 'fieldPath'] })),
  tolerations: repeated(
    message({
      key: string,
      operator: string,
      value: string,
      effect: string,
      tolerationSeconds: int64,
      // A whole Kubernetes Toleration as JSON; wins over the fields above.
      tolerationJson: nameParameter,
    }),
  ),
  genericEphemeralVolume: repeated(
    message(
      {
        volumeName: string,
        mountPath: string,
        accessModes: strings,
        size: string,
        defaultStorageClass: bool,
        storageClassName: string,
        // The volume claim template's metadata, which has the same shape as a pod's.
        metadata: podMetadata,
      },
      { required: ['volumeName', 'mountPath'] },
    ),
  ),
  nodeAffinity: repeated(
    message({
      matchExpressions: repeated(selectorRequirement),
      matchFields: repeated(selectorRequirement),
      // Set: a preferred (weighted) rule; unset: a required one.
      weight: int32,
      // A whole Kubernetes NodeAffinity as JSON; wins over the fields above.
      nodeAffinityJson: nameParameter,
    }),
  ),
  podAffinity: repeated(
    message({
      matchPodExpressions: repeated(selectorRequirement),
      matchPodLabels: stringMap,
      topologyKey: string,
      namespaces: strings,
      matchNamespaceExpressions: repeated(selectorRequirement),
      matchNamespaceLabels: stringMap,
      weight: int32,
      anti: bool, // true: pod anti-affinity
    }),
  ),
  enabledSharedMemory: message({ volumeName: string, size: string }),
  emptyDirMounts: repeated(
    message(
      { volumeName: string, mountPath: string, medium: string, sizeLimit: string },
      { required: ['volumeName', 'mountPath'] },
    ),
  ),
  // Fields 3-5 (privileged, capabilities) were removed from the proto: the backend drops all capabilities.
  securityContext: message({ runAsUser: int64, runAsGroup: int64, runAsNonRoot: bool }),
  initContainers: repeated(
    message(
      {
        name: string,
        image: string,
        command: strings,
        args: strings,
        env: repeated(message({ name: string, value: string }, { required: ['name'] })),
        volumeMounts: repeated(
          message({ volumeName: string, mountPath: string }, { required: ['volumeName', 'mountPath'] }),
        ),
        // "Always" (a native sidecar) is the only value the proto documents as supported.
        restartPolicy: enumOf('Always'),
        resources: message({ requests: stringMap, limits: stringMap }),
      },
      { required: ['name', 'image'] },
    ),
  ),
});

/** SinglePlatformSpec for the `kubernetes` platform: its executors map holds KubernetesExecutorConfigs. */
const kubernetesPlatform = message({
  // Keyed by the executor labels of PipelineSpec.deploymentSpec.executors. A Struct per executor in the proto.
  deploymentSpec: message({ executors: mapOf(ref('KubernetesExecutorConfig')) }),
  platform: string,
  config: struct,
  pipelineConfig: ref('PipelineConfig'),
});

/** The second YAML document of a compiled pipeline. */
export const platformSpecSchema: SchemaObject = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'KFP v2 PlatformSpec (Kubernetes)',
  ...message(
    {
      // A map<string, SinglePlatformSpec> in the proto; `kubernetes` is the only key the KFP backend reads, so any
      // other key is treated as a typo rather than accepted unchecked.
      platforms: message({ kubernetes: kubernetesPlatform }, { required: ['kubernetes'] }),
    },
    { required: ['platforms'] },
  ),
  definitions: {
    ...Object.fromEntries(borrowed.map((name) => [name, pipelineSpecDefinitions[name]])),
    KubernetesExecutorConfig: kubernetesExecutorConfig,
  },
};
