/**
 * The Kubernetes settings of a task (the kfp-kubernetes features), as recorded by the task methods
 * (`task.useSecretAsEnv(...)`, `task.mountPvc(...)`, …) and read by the compiler, which writes them into the
 * PlatformSpec. Lists keep call order. Values that may come from a pipeline parameter or a task output are
 * `Dynamic`; everything else is a literal.
 */
import type { ParameterChannel } from '../channels/channel.js';

/** A setting that may come from a pipeline parameter or task output instead of a constant. */
export type DynamicValue<T> = T | ParameterChannel;

/** A Kubernetes Toleration (`tolerations[]` of a pod spec). */
export interface Toleration {
  /** The taint key; empty (with operator `Exists`) tolerates every taint. */
  key?: string;
  /** `Equal` (the default when unset) or `Exists`. */
  operator?: 'Equal' | 'Exists';
  /** The taint value (only with `Equal`). */
  value?: string;
  /** The taint effect; unset tolerates every effect. */
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
  /** How long a `NoExecute` taint is tolerated before eviction; unset means forever. */
  tolerationSeconds?: number;
}

/** One requirement of a node affinity term (`matchExpressions` / `matchFields`). */
export interface NodeSelectorRequirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values?: string[];
}

/** A node affinity term: required when `weight` is unset, preferred (weight 1-100) otherwise. */
export interface NodeAffinityTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
  weight?: number;
}

/** A generic ephemeral volume: a PVC created with the pod and deleted with it. */
export interface EphemeralVolume {
  /** The pod's volume name. */
  volumeName: string;
  /** Where the main container sees it. */
  mountPath: string;
  /** `ReadWriteOnce`, `ReadOnlyMany`, `ReadWriteMany` or `ReadWriteOncePod`. */
  accessModes: string[];
  /** Storage requested, e.g. `'5Gi'`. */
  size: string;
  /** The StorageClass; unset uses the cluster's default class. */
  storageClassName?: string;
  /** Labels of the created PVC. */
  labels?: Record<string, string>;
  /** Annotations of the created PVC. */
  annotations?: Record<string, string>;
}

/** An emptyDir volume: scratch space that lives as long as the pod. */
export interface EmptyDirMount {
  volumeName: string;
  mountPath: string;
  /** `'Memory'` (tmpfs) or `'HugePages'`; unset uses the node's disk. */
  medium?: string;
  /** The most the volume may hold, e.g. `'1Gi'`. */
  sizeLimit?: string;
}

/** The user and group a task's container runs as. */
export interface SecurityContext {
  runAsUser?: number;
  runAsGroup?: number;
  runAsNonRoot?: boolean;
}

/** A container that runs before the task's main container (or beside it, as a native sidecar). */
export interface InitContainer {
  /** Unique within the pod; `kfp-launcher` is reserved. */
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  /** Environment variables, in this order. */
  env?: Record<string, string>;
  /** Volume name → absolute mount path; the volumes must be defined on the task (`mountEmptyDir`, …). */
  volumeMounts?: Record<string, string>;
  /** `'Always'` keeps it running beside the main container (a native sidecar). */
  restartPolicy?: 'Always';
  /** Resource requests and limits, e.g. `{ requests: { cpu: '250m' }, limits: { memory: '256Mi' } }`. */
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
}

/** A Secret or ConfigMap read into environment variables. */
export interface KeysAsEnv {
  name: DynamicValue<string>;
  /** Data key → environment variable, in call order. */
  keyToEnv: { key: string; envVar: string }[];
  optional: boolean;
}

/** A Secret or ConfigMap mounted as files. */
export interface KeysAsVolume {
  name: DynamicValue<string>;
  mountPath: string;
  optional: boolean;
}

/** A PersistentVolumeClaim mounted into the task's container. */
export interface PvcMount {
  pvcName: DynamicValue<string>;
  mountPath: string;
  subPath?: string;
}

/** Everything a task can set about its pod. All fields are optional: unset means "Kubernetes' default". */
export interface KubernetesConfig {
  secretAsEnv?: KeysAsEnv[];
  secretAsVolume?: KeysAsVolume[];
  configMapAsEnv?: KeysAsEnv[];
  configMapAsVolume?: KeysAsVolume[];
  pvcMount?: PvcMount[];
  ephemeralVolumes?: EphemeralVolume[];
  emptyDirMounts?: EmptyDirMount[];
  /** Node selector labels (`addNodeSelector`). */
  nodeSelector?: Record<string, string>;
  /** A whole node selector as JSON (`setNodeSelectorJson`); the backend prefers it over the labels. */
  nodeSelectorJson?: DynamicValue<Record<string, string>>;
  /** Node affinity terms, and at most one whole Kubernetes NodeAffinity as JSON (`setNodeAffinityJson`). */
  nodeAffinity?: (NodeAffinityTerm | { json: DynamicValue<Record<string, unknown>> })[];
  /** Tolerations, each given field by field or as JSON from a pipeline parameter. */
  tolerations?: (Toleration | { json: ParameterChannel })[];
  imagePullSecrets?: DynamicValue<string>[];
  imagePullPolicy?: 'Always' | 'Never' | 'IfNotPresent';
  podLabels?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  /** Environment variables read from the pod's own fields (`metadata.name`, …), in call order. */
  fieldPathAsEnv?: { name: string; fieldPath: string }[];
  /** Seconds the pod may run before Kubernetes stops it (`activeDeadlineSeconds`); 0 means no limit. */
  timeoutSeconds?: number;
  securityContext?: SecurityContext;
  initContainers?: InitContainer[];
}
