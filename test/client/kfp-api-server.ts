/**
 * An in-memory Kubeflow Pipelines API server (REST v2beta1) on 127.0.0.1, written from the API's published
 * swagger and proto definitions, for testing the client and the `upload` / `run` commands.
 *
 * Endpoints (JSON with snake_case fields; errors are `google.rpc.Status` bodies {code, message, details}):
 *   POST /apis/v2beta1/pipelines/upload            multipart field `uploadfile`; query name, display_name,
 *                                                  description, namespace → Pipeline (and a first version
 *                                                  named after the pipeline)
 *   POST /apis/v2beta1/pipelines/upload_version    multipart `uploadfile`; query pipelineid, name, … → PipelineVersion
 *   GET  /apis/v2beta1/pipelines/names/{name}      query namespace → Pipeline
 *   GET  /apis/v2beta1/pipelines/{id}/versions     query page_size, sort_by ("created_at desc") → {pipeline_versions, total_size}
 *   POST /apis/v2beta1/experiments                 body Experiment → Experiment
 *   GET  /apis/v2beta1/experiments                 query namespace, page_size, filter (display_name EQUALS) → {experiments, total_size}
 *   POST /apis/v2beta1/runs                        body Run (pipeline_version_reference, runtime_config.parameters) → Run
 *   GET  /apis/v2beta1/runs/{id}                   → Run; each read advances the simulated run one step
 *   GET  /apis/v2beta1/runs                        query experiment_id or namespace → {runs, total_size}
 * Errors: 400 INVALID_ARGUMENT (3) for bad input, 401 UNAUTHENTICATED (16) without the expected bearer
 * token, 404 NOT_FOUND (5), 409 ALREADY_EXISTS (6) for a taken pipeline, version or experiment name, and
 * any status injected with `failNext` (503 UNAVAILABLE (14) by default).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'yaml';

const GRPC_CODE: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 409: 6, 429: 8, 500: 13, 503: 14 };

class ApiFailure extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

interface Pipeline { pipeline_id: string; name: string; display_name: string; description?: string; namespace?: string; created_at: string }
interface Version { pipeline_id: string; pipeline_version_id: string; name: string; display_name: string; created_at: string; spec: any }
interface Experiment { experiment_id: string; display_name: string; description?: string; namespace?: string; created_at: string; storage_state: string }
interface Run { body: Record<string, any>; tasks: string[]; outcome: 'SUCCEEDED' | 'FAILED'; step: number }

export interface RecordedRequest { method: string; path: string; query: URLSearchParams; authorization?: string; body?: unknown }

export class KfpApiServer {
  readonly pipelines: Pipeline[] = [];
  readonly versions: Version[] = [];
  readonly experiments: Experiment[] = [];
  readonly runs = new Map<string, Run>();
  readonly requests: RecordedRequest[] = [];
  /** When set, every request must carry `Authorization: Bearer <token>`. */
  token: string | undefined;
  /** How the next runs end. */
  runOutcome: 'SUCCEEDED' | 'FAILED' = 'SUCCEEDED';
  private failures: { status: number; remaining: number; path?: RegExp }[] = [];
  private ids = 0;
  private clock = Date.parse('2026-01-01T00:00:00Z');
  private server: Server | undefined;

  /** The next `count` requests (matching `path`, if given) fail with `status`; replaces earlier injections. */
  failNext(count: number, status = 503, path?: RegExp): void {
    this.failures = [{ status, remaining: count, path }];
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, authorization: req.headers.authorization };
    this.requests.push(record);
    try {
      const injected = this.failures.find((f) => f.remaining > 0 && (!f.path || f.path.test(url.pathname)));
      if (injected) {
        injected.remaining--;
        throw new ApiFailure(injected.status, 'injected failure');
      }
      if (this.token !== undefined && req.headers.authorization !== `Bearer ${this.token}`) {
        throw new ApiFailure(401, 'Unauthenticated: request is not authenticated');
      }
      const json = (req.headers['content-type'] ?? '').startsWith('application/json') ? JSON.parse(raw.toString('utf8') || '{}') : undefined;
      record.body = json;
      const answer = await this.route(req, url, raw, json);
      this.send(res, 200, answer);
    } catch (e) {
      const status = e instanceof ApiFailure ? e.status : 500;
      this.send(res, status, { code: GRPC_CODE[status] ?? 2, message: (e as Error).message, details: [] });
    }
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  private async route(req: IncomingMessage, url: URL, raw: Buffer, json: any): Promise<unknown> {
    const method = req.method;
    const path = url.pathname;
    const q = url.searchParams;
    let m: RegExpExecArray | null;
    if (method === 'POST' && path === '/apis/v2beta1/pipelines/upload') return this.upload(await uploadedSpec(req, raw), q);
    if (method === 'POST' && path === '/apis/v2beta1/pipelines/upload_version') return this.uploadVersion(await uploadedSpec(req, raw), q);
    if (method === 'GET' && (m = /^\/apis\/v2beta1\/pipelines\/names\/([^/]+)$/.exec(path))) {
      const name = decodeURIComponent(m[1]);
      const found = this.pipelines.find((p) => p.name === name && (p.namespace ?? '') === (q.get('namespace') ?? ''));
      if (!found) throw new ApiFailure(404, `Failed to get pipeline by name: pipeline ${name} not found`);
      return found;
    }
    if (method === 'GET' && (m = /^\/apis\/v2beta1\/pipelines\/([^/]+)\/versions$/.exec(path))) {
      const id = m[1];
      if (!this.pipelines.some((p) => p.pipeline_id === id)) throw new ApiFailure(404, `Pipeline ${id} not found`);
      let versions = this.versions.filter((v) => v.pipeline_id === id).map(({ spec, ...v }) => ({ ...v, pipeline_spec: spec }));
      if (q.get('sort_by') === 'created_at desc') versions = versions.reverse();
      const size = Number(q.get('page_size') || versions.length);
      return { pipeline_versions: versions.slice(0, size), total_size: versions.length };
    }
    if (method === 'POST' && path === '/apis/v2beta1/experiments') return this.createExperiment(json);
    if (method === 'GET' && path === '/apis/v2beta1/experiments') {
      let list = this.experiments.filter((e) => (e.namespace ?? '') === (q.get('namespace') ?? ''));
      const filter = q.get('filter');
      if (filter) {
        for (const p of JSON.parse(filter).predicates ?? []) {
          if (p.operation !== 'EQUALS' || p.key !== 'display_name') throw new ApiFailure(400, `unsupported filter predicate ${JSON.stringify(p)}`);
          list = list.filter((e) => e.display_name === p.string_value);
        }
      }
      return list.length ? { experiments: list, total_size: list.length } : {};
    }
    if (method === 'POST' && path === '/apis/v2beta1/runs') return this.createRun(json);
    if (method === 'GET' && (m = /^\/apis\/v2beta1\/runs\/([^/:]+)$/.exec(path))) {
      const run = this.runs.get(m[1]);
      if (!run) throw new ApiFailure(404, `Failed to get run: run ${m[1]} not found`);
      run.step++;
      return this.view(run);
    }
    if (method === 'GET' && path === '/apis/v2beta1/runs') {
      const experiment = q.get('experiment_id');
      const runs = [...this.runs.values()].filter((r) => !experiment || r.body.experiment_id === experiment).map((r) => this.view(r)).reverse();
      return runs.length ? { runs, total_size: runs.length } : {};
    }
    throw new ApiFailure(404, 'Not Found');
  }

  private nextId(): string {
    return `00000000-0000-4000-8000-${String(++this.ids).padStart(12, '0')}`;
  }

  private now(): string {
    return new Date((this.clock += 1000)).toISOString();
  }

  private upload(upload: { spec: any; fileName: string }, q: URLSearchParams): Pipeline {
    const name = q.get('name') || upload.fileName.replace(/\.(ya?ml)$/, '');
    const namespace = q.get('namespace') || undefined;
    if (this.pipelines.some((p) => p.name === name && p.namespace === namespace)) {
      throw new ApiFailure(409, `Failed to create a pipeline and a pipeline version: Already exist error: Failed to create a new pipeline. The name ${name} already exist. Please specify a new name`);
    }
    const pipeline: Pipeline = { pipeline_id: this.nextId(), name, display_name: q.get('display_name') || name, namespace, created_at: this.now() };
    if (q.get('description')) pipeline.description = q.get('description')!;
    this.pipelines.push(pipeline);
    this.versions.push({ pipeline_id: pipeline.pipeline_id, pipeline_version_id: this.nextId(), name, display_name: name, created_at: this.now(), spec: upload.spec });
    return pipeline;
  }

  private uploadVersion(upload: { spec: any }, q: URLSearchParams): Omit<Version, 'spec'> {
    const pipelineId = q.get('pipelineid');
    if (!pipelineId) throw new ApiFailure(400, 'Failed to create a pipeline version: Invalid input error: Pipeline id is required');
    if (!this.pipelines.some((p) => p.pipeline_id === pipelineId)) throw new ApiFailure(404, `Pipeline ${pipelineId} not found`);
    const name = q.get('name') ?? '';
    if (this.versions.some((v) => v.pipeline_id === pipelineId && v.name === name)) {
      throw new ApiFailure(409, `Failed to create a pipeline version: Already exist error: The name ${name} already exist`);
    }
    const version: Version = { pipeline_id: pipelineId, pipeline_version_id: this.nextId(), name, display_name: q.get('display_name') || name, created_at: this.now(), spec: upload.spec };
    this.versions.push(version);
    const { spec: _, ...shown } = version;
    return shown;
  }

  private createExperiment(body: any): Experiment {
    const name = body?.display_name;
    if (typeof name !== 'string' || !name) throw new ApiFailure(400, 'Invalid input error: Experiment name is empty. Please specify a valid experiment name');
    const namespace = body.namespace || undefined;
    if (this.experiments.some((e) => e.display_name === name && e.namespace === namespace)) {
      throw new ApiFailure(409, `Failed to create a new experiment: Already exist error: Experiment ${name} already exists`);
    }
    const experiment: Experiment = { experiment_id: this.nextId(), display_name: name, namespace, created_at: this.now(), storage_state: 'AVAILABLE' };
    if (body.description) experiment.description = body.description;
    this.experiments.push(experiment);
    return experiment;
  }

  private createRun(body: any): unknown {
    const ref = body?.pipeline_version_reference ?? {};
    const version = this.versions.find((v) => v.pipeline_id === ref.pipeline_id && v.pipeline_version_id === ref.pipeline_version_id);
    if (!version) throw new ApiFailure(404, `Failed to create a run: pipeline version ${ref.pipeline_version_id} not found`);
    if (body.experiment_id && !this.experiments.some((e) => e.experiment_id === body.experiment_id)) {
      throw new ApiFailure(404, `Failed to create a run: experiment ${body.experiment_id} not found`);
    }
    if (!body.display_name) throw new ApiFailure(400, 'Failed to create a run: Invalid input error: run display name is empty');
    const declared = version.spec?.root?.inputDefinitions?.parameters ?? {};
    for (const key of Object.keys(body.runtime_config?.parameters ?? {})) {
      if (!(key in declared)) throw new ApiFailure(400, `Failed to create a run: input parameter ${key} is not defined in the pipeline`);
    }
    const run: Run = {
      body: { ...body, run_id: this.nextId(), created_at: this.now(), storage_state: 'AVAILABLE' },
      tasks: Object.keys(version.spec?.root?.dag?.tasks ?? {}),
      outcome: this.runOutcome,
      step: 0,
    };
    this.runs.set(run.body.run_id, run);
    return this.view(run);
  }

  /**
   * The run as seen after `step` reads: PENDING, then each task RUNNING then SUCCEEDED in turn; a failing
   * run fails its last task.
   */
  private view(run: Run): unknown {
    const { step, tasks } = run;
    if (step === 0) return { ...run.body, state: 'PENDING' };
    const active = step - 1; // index of the task running at this step
    const done = active >= tasks.length;
    const task_details = tasks.slice(0, Math.min(active + 1, tasks.length)).map((name, i) => {
      const last = i === tasks.length - 1;
      const state = i < active ? (last && run.outcome === 'FAILED' ? 'FAILED' : 'SUCCEEDED') : 'RUNNING';
      return { run_id: run.body.run_id, task_id: `task-${i}`, display_name: name, state, start_time: new Date(this.clock + i * 1000).toISOString() };
    });
    const state = done ? run.outcome : 'RUNNING';
    const error = done && run.outcome === 'FAILED' ? { code: 2, message: `task ${tasks.at(-1)} failed` } : undefined;
    return { ...run.body, state, ...(error ? { error } : {}), run_details: { task_details } };
  }
}

/** The pipeline spec of a multipart upload (`uploadfile`), parsed as YAML. */
async function uploadedSpec(req: IncomingMessage, raw: Buffer): Promise<{ spec: any; fileName: string }> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('multipart/form-data')) throw new ApiFailure(400, 'Failed to upload: request is not multipart/form-data');
  const form = await new Request('http://127.0.0.1/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
  const file = form.get('uploadfile');
  if (!file || typeof file === 'string') throw new ApiFailure(400, 'Failed to read pipeline from file: http: no such file');
  let spec: any;
  try {
    spec = parse(await file.text());
  } catch (e) {
    throw new ApiFailure(400, `Failed to parse the pipeline spec: ${(e as Error).message}`);
  }
  if (!spec?.pipelineInfo?.name || !spec?.root) throw new ApiFailure(400, 'Failed to parse the pipeline spec: invalid pipeline spec');
  return { spec, fileName: (file as File).name };
}
