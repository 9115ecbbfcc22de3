/**
 * The boundary between the local DAG engine (which decides what runs, with which inputs) and the task
 * launcher (which runs one container executor on this machine and collects its outputs as the KFP
 * launcher does).
 */
import type { ComponentSpec } from '@kfp-ts/dsl';
import type { IrComponentSpec } from '../ir/types.js';
import type { IrContainerSpec } from '../ir/types.js';
import type { LocalRunListener } from './events.js';

/** KFP's ExecutorInput JSON (pipeline_spec.proto), as the driver would build it. */
export interface ExecutorInput {
  inputs: {
    parameterValues?: Record<string, unknown>;
    artifacts?: Record<string, { artifacts: RuntimeArtifact[] }>;
  };
  outputs: {
    parameters?: Record<string, { outputFile: string }>;
    artifacts?: Record<string, { artifacts: RuntimeArtifact[] }>;
    /** Where the executor writes its ExecutorOutput JSON. */
    outputFile: string;
  };
}

/** KFP's RuntimeArtifact JSON; locally, `uri` is an absolute path under the run's folder. */
export interface RuntimeArtifact {
  name?: string;
  uri: string;
  type: { schemaTitle: string; schemaVersion?: string };
  metadata?: Record<string, unknown>;
}

/** The IR's `deploymentSpec.executors.<label>.container`. */
export type { IrContainerSpec };

export interface LocalLaunchRequest {
  /** The task's path in the DAG (as in events), for messages and logs. */
  readonly task: string;
  /** The component's name (`comp-…` key stripped), e.g. to find a TypeScript component. */
  readonly componentName: string;
  readonly container: IrContainerSpec;
  readonly executorInput: ExecutorInput;
  /** The task's own folder, `./local_outputs/<run>/<task>/`; scratch files go here. */
  readonly taskDir: string;
  /** Extra environment for the process (the task's env settings are in `container.env`). */
  readonly env?: Readonly<Record<string, string>>;
  readonly onEvent: LocalRunListener;
  readonly signal?: AbortSignal;
  /**
   * The component's IR spec (`components.comp-…`), as the launcher gets it: its parameter defaults are
   * added to the executor input, and its output types say how to read the output parameter files.
   */
  readonly componentSpec?: IrComponentSpec;
  /** The pipeline's TypeScript components by component name, to run an image's component without the image. */
  readonly tsComponents?: ReadonlyMap<string, ComponentSpec>;
  /** The run, for the runtime placeholders (`{{$.pipeline_job_name}}`, …); without it they stay as written. */
  readonly run?: LocalRunInfo;
}

/** What the runtime placeholders of a task's command line and inputs stand for in a local run. */
export interface LocalRunInfo {
  /** `{{$.pipeline_job_name}}` and `{{$.pipeline_job_resource_name}}`: the run's name. */
  readonly runName: string;
  /** `{{$.pipeline_job_uuid}}`. */
  readonly runId: string;
  /** `{{$.pipeline_root}}`: the folder the run's outputs go to. */
  readonly pipelineRoot: string;
  /** `{{$.pipeline_job_create_time_utc}}` and `{{$.pipeline_job_schedule_time_utc}}`, e.g. `2024-05-01T12:00:00Z`. */
  readonly createTime: string;
}

export interface LocalLaunchResult {
  readonly state: 'SUCCEEDED' | 'FAILED';
  /** Output parameters read as the launcher does (executor output first, then the parameter files). */
  readonly outputParameters: Record<string, unknown>;
  /** Output artifacts with the URI and metadata the executor left (executor output merged in). */
  readonly outputArtifacts: Record<string, RuntimeArtifact[]>;
  /** The last lines of the task's output, shown when it failed. */
  readonly logTail: string;
  /** Why it failed, in one line. */
  readonly error?: string;
}
