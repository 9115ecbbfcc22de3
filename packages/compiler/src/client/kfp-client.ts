/**
 * A client for the Kubeflow Pipelines REST API v2beta1: upload pipelines and versions, find or create
 * experiments, start runs with parameters, read runs and wait for them to finish.
 */
import { KfpApiError, KfpWaitTimeoutError } from './errors.js';
import { KfpHttp, type KfpConnection } from './http.js';
import { sleep } from './retry.js';
import { TERMINAL_RUN_STATES, type KfpExperiment, type KfpPipeline, type KfpPipelineVersion, type KfpRun } from './types.js';

/** Options of {@link KfpClient}. */
export interface KfpClientOptions extends KfpConnection {
  /** The Kubernetes namespace (Kubeflow profile) of pipelines, experiments and runs; none in single-user mode. */
  namespace?: string;
}

/** Options of {@link KfpClient.waitForRun}. */
export interface WaitForRunOptions {
  /** Time between two polls, in milliseconds. Default 5 000. */
  pollIntervalMs?: number;
  /** Give up after this long, in milliseconds. Default: wait for ever. */
  timeoutMs?: number;
  /** Called with the run after every poll, e.g. to show progress. */
  onUpdate?: (run: KfpRun) => void;
}

/** Everything needed to start a run of an uploaded pipeline version. */
export interface CreateRunRequest {
  displayName: string;
  experimentId: string;
  pipelineId: string;
  pipelineVersionId: string;
  /** Pipeline parameter values, by input name. */
  parameters?: Record<string, unknown>;
  description?: string;
  pipelineRoot?: string;
  serviceAccount?: string;
}

export class KfpClient {
  private readonly http: KfpHttp;
  /** The namespace the client works in, if any. */
  readonly namespace: string | undefined;

  constructor(options: KfpClientOptions) {
    this.http = new KfpHttp(options);
    this.namespace = options.namespace || undefined;
  }

  /** Uploads a pipeline YAML as a new pipeline (its first version gets the pipeline's name). 409 if the name is taken. */
  uploadPipeline(args: { yaml: string; name: string; displayName?: string; description?: string }): Promise<KfpPipeline> {
    return this.http.request<KfpPipeline>({
      operation: `upload pipeline '${args.name}'`,
      method: 'POST',
      path: '/apis/v2beta1/pipelines/upload',
      query: { name: args.name, display_name: args.displayName, description: args.description, namespace: this.namespace },
      form: yamlForm(args.yaml),
    });
  }

  /** Uploads a pipeline YAML as a new version of an existing pipeline. 409 if the version name is taken. */
  uploadPipelineVersion(args: { yaml: string; pipelineId: string; name: string; displayName?: string; description?: string }): Promise<KfpPipelineVersion> {
    return this.http.request<KfpPipelineVersion>({
      operation: `upload pipeline version '${args.name}'`,
      method: 'POST',
      path: '/apis/v2beta1/pipelines/upload_version',
      query: { pipelineid: args.pipelineId, name: args.name, display_name: args.displayName, description: args.description },
      form: yamlForm(args.yaml),
    });
  }

  /** The pipeline of that name in the client's namespace, or undefined when there is none. */
  async findPipeline(name: string): Promise<KfpPipeline | undefined> {
    try {
      return await this.http.request<KfpPipeline>({
        operation: `look up pipeline '${name}'`,
        method: 'GET',
        path: `/apis/v2beta1/pipelines/names/${encodeURIComponent(name)}`,
        query: { namespace: this.namespace },
      });
    } catch (e) {
      if (e instanceof KfpApiError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** The most recently created version of a pipeline. */
  async latestPipelineVersion(pipelineId: string): Promise<KfpPipelineVersion> {
    const page = await this.http.request<{ pipeline_versions?: KfpPipelineVersion[] }>({
      operation: `list the versions of pipeline ${pipelineId}`,
      method: 'GET',
      path: `/apis/v2beta1/pipelines/${encodeURIComponent(pipelineId)}/versions`,
      query: { page_size: 1, sort_by: 'created_at desc' },
    });
    const latest = page.pipeline_versions?.[0];
    if (!latest) throw new Error(`pipeline ${pipelineId} has no version`);
    return latest;
  }

  /** Creates an experiment in the client's namespace. 409 if the name is taken. */
  createExperiment(name: string, description?: string): Promise<KfpExperiment> {
    return this.http.request<KfpExperiment>({
      operation: `create experiment '${name}'`,
      method: 'POST',
      path: '/apis/v2beta1/experiments',
      json: { display_name: name, description, namespace: this.namespace },
    });
  }

  /** The experiment of that name in the client's namespace, or undefined. */
  async findExperiment(name: string): Promise<KfpExperiment | undefined> {
    const filter = { predicates: [{ key: 'display_name', operation: 'EQUALS', string_value: name }] };
    const page = await this.http.request<{ experiments?: KfpExperiment[] }>({
      operation: `look up experiment '${name}'`,
      method: 'GET',
      path: '/apis/v2beta1/experiments',
      query: { filter: JSON.stringify(filter), page_size: 2, namespace: this.namespace },
    });
    return page.experiments?.find((e) => e.display_name === name);
  }

  /** The experiment of that name, created when missing. */
  async ensureExperiment(name: string, description?: string): Promise<KfpExperiment> {
    const found = await this.findExperiment(name);
    if (found) return found;
    try {
      return await this.createExperiment(name, description);
    } catch (e) {
      // Someone else created it in between.
      if (e instanceof KfpApiError && e.status === 409) return (await this.findExperiment(name)) ?? Promise.reject(e);
      throw e;
    }
  }

  /** Starts a run of a pipeline version. */
  createRun(req: CreateRunRequest): Promise<KfpRun> {
    return this.http.request<KfpRun>({
      operation: `create run '${req.displayName}'`,
      method: 'POST',
      path: '/apis/v2beta1/runs',
      json: {
        display_name: req.displayName,
        description: req.description,
        experiment_id: req.experimentId,
        pipeline_version_reference: { pipeline_id: req.pipelineId, pipeline_version_id: req.pipelineVersionId },
        runtime_config: { parameters: req.parameters ?? {}, ...(req.pipelineRoot ? { pipeline_root: req.pipelineRoot } : {}) },
        ...(req.serviceAccount ? { service_account: req.serviceAccount } : {}),
      },
    });
  }

  /** A run, with its task details. */
  getRun(runId: string): Promise<KfpRun> {
    return this.http.request<KfpRun>({ operation: `get run ${runId}`, method: 'GET', path: `/apis/v2beta1/runs/${encodeURIComponent(runId)}` });
  }

  /** One page of runs, newest first, in the client's namespace or of one experiment. */
  listRuns(args: { experimentId?: string; pageSize?: number; pageToken?: string } = {}): Promise<{ runs: KfpRun[]; nextPageToken?: string; totalSize?: number }> {
    return this.http
      .request<{ runs?: KfpRun[]; next_page_token?: string; total_size?: number }>({
        operation: 'list runs',
        method: 'GET',
        path: '/apis/v2beta1/runs',
        query: {
          experiment_id: args.experimentId,
          // The API takes either an experiment or a namespace.
          namespace: args.experimentId ? undefined : this.namespace,
          page_size: args.pageSize,
          page_token: args.pageToken,
          sort_by: 'created_at desc',
        },
      })
      .then((page) => ({ runs: page.runs ?? [], nextPageToken: page.next_page_token || undefined, totalSize: page.total_size }));
  }

  /** Polls a run until it is SUCCEEDED, FAILED, CANCELED or SKIPPED, and returns it. */
  async waitForRun(runId: string, options: WaitForRunOptions = {}): Promise<KfpRun> {
    const deadline = options.timeoutMs === undefined ? Infinity : Date.now() + options.timeoutMs;
    const interval = options.pollIntervalMs ?? 5_000;
    for (;;) {
      const run = await this.getRun(runId);
      options.onUpdate?.(run);
      if (run.state && TERMINAL_RUN_STATES.includes(run.state)) return run;
      if (Date.now() + interval > deadline) {
        throw new KfpWaitTimeoutError(`run ${runId} is still ${run.state ?? 'PENDING'} after ${Math.round(options.timeoutMs! / 1000)}s`);
      }
      await sleep(interval);
    }
  }
}

/** The multipart form the upload endpoints take: the YAML as the file field `uploadfile`. */
function yamlForm(yaml: string): FormData {
  const form = new FormData();
  form.append('uploadfile', new Blob([yaml], { type: 'application/x-yaml' }), 'pipeline.yaml');
  return form;
}
