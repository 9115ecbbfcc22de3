/**
 * An in-memory MLflow tracking server on 127.0.0.1, written from MLflow's public REST API reference
 * (2.0 endpoints) for testing the client — with fault injection.
 *
 * Endpoints (under `/api/2.0/mlflow/` unless noted):
 * - `GET experiments/get-by-name?experiment_name=`, `GET experiments/get?experiment_id=`, `POST experiments/create`
 * - `POST runs/create`, `POST runs/update`, `GET runs/get?run_id=`, `POST runs/set-tag`, `POST runs/log-batch`,
 *   `POST runs/search` (filter: `tags.<key>`, `params.<key>`, `attributes.status` with `=`, joined by AND; keys bare,
 *   in backticks or in double quotes; `run_view_type`; `order_by attributes.start_time ASC|DESC`; `max_results`)
 * - `POST registered-models/create`, `GET registered-models/get?name=`
 * - `POST model-versions/create`, `GET model-versions/get?name=&version=`,
 *   `GET model-versions/search?filter=&max_results=&page_token=` (filter: `name`, `run_id`, `source_path` with `=`, AND)
 * - `POST|GET|DELETE registered-models/alias`
 * - artifact proxy: `PUT|GET /api/2.0/mlflow-artifacts/artifacts/<path>`, `GET /api/2.0/mlflow-artifacts/artifacts?path=`
 *
 * Errors are `{error_code, message}` with MLflow's status mapping: `RESOURCE_DOES_NOT_EXIST` 404,
 * `RESOURCE_ALREADY_EXISTS` 400, `INVALID_PARAMETER_VALUE` 400, `ENDPOINT_NOT_FOUND` 404,
 * `REQUEST_LIMIT_EXCEEDED` 429, `INTERNAL_ERROR` 500, `TEMPORARILY_UNAVAILABLE` 503; 401 without valid credentials.
 * log-batch enforces MLflow's limits (1000 metrics, 100 params, 100 tags, 1000 entries, key ≤ 250, param value
 * ≤ 6000, tag value ≤ 5000, key characters), refuses to change a logged param, and keeps identical metric
 * entries once (as the SQL store does).
 *
 * Faults (each consumed when it fires): an HTTP error status before the request is handled, a connection reset
 * before or after the request is handled (the latter commits the change and loses the answer), an error status
 * after the change is committed, and a slow answer (committed, answered after a delay).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

/** What a fault does when it fires. */
export type FaultKind =
  | { kind: 'status'; status: number; retryAfter?: string }
  | { kind: 'reset-before' }
  | { kind: 'reset-after' }
  | { kind: 'status-after'; status: number }
  | { kind: 'delay'; ms: number };

/** A fault for requests to `path` (an endpoint such as `runs/create`, or an artifact path prefix). */
export interface Fault {
  method?: string;
  path: string;
  times?: number;
  fault: FaultKind;
}

interface StoredRun {
  info: Json & { run_id: string; experiment_id: string; status: string; start_time: number; lifecycle_stage: string };
  params: Map<string, string>;
  tags: Map<string, string>;
  metrics: Map<string, { key: string; value: number | string; timestamp: number; step: number }>;
}

interface StoredVersion {
  name: string;
  version: string;
  source: string;
  run_id?: string;
  status: string;
  creation_timestamp: number;
  tags: Array<{ key: string; value: string }>;
  description?: string;
  pendingReads: number;
}

interface StoredModel {
  name: string;
  creation_timestamp: number;
  tags: Array<{ key: string; value: string }>;
  versions: StoredVersion[];
  aliases: Map<string, string>;
}

/** Server options. */
export interface MlflowTestServerOptions {
  /** Require `Authorization: Bearer <token>`. */
  token?: string;
  /** Require basic auth with these credentials. */
  basic?: { username: string; password: string };
  /** New model versions stay PENDING_REGISTRATION for this many `model-versions/get` reads. */
  pendingReads?: number;
}

/** One handled request, for assertions. */
export interface RequestRecord {
  method: string;
  path: string;
  outcome: string;
  authorization?: string;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const notFound = (message: string) => new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', message);
const invalid = (message: string) => new ApiError(400, 'INVALID_PARAMETER_VALUE', message);
const exists = (message: string) => new ApiError(400, 'RESOURCE_ALREADY_EXISTS', message);

const STATUS_CODES: Record<number, string> = { 429: 'REQUEST_LIMIT_EXCEEDED', 500: 'INTERNAL_ERROR', 502: 'TEMPORARILY_UNAVAILABLE', 503: 'TEMPORARILY_UNAVAILABLE' };
const VALID_KEY = /^[/\w.\- ]*$/;

export class MlflowTestServer {
  readonly experiments = new Map<string, Json & { experiment_id: string; name: string; lifecycle_stage: string }>();
  readonly runs = new Map<string, StoredRun>();
  readonly models = new Map<string, StoredModel>();
  readonly artifacts = new Map<string, Buffer>();
  readonly requests: RequestRecord[] = [];
  #faults: Array<Fault & { remaining: number }> = [];
  #server: Server;
  #nextExperimentId = 1;
  #clock = 1_700_000_000_000;

  private constructor(private readonly options: MlflowTestServerOptions) {
    this.experiments.set('0', { experiment_id: '0', name: 'Default', lifecycle_stage: 'active', artifact_location: 'mlflow-artifacts:/0', tags: [] });
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  /** Starts a server on 127.0.0.1 on a free port. */
  static async start(options: MlflowTestServerOptions = {}): Promise<MlflowTestServer> {
    const server = new MlflowTestServer(options);
    await new Promise<void>((resolve) => server.#server.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get url(): string {
    const { port } = this.#server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  /** Adds a fault that fires for the next `times` (default 1) matching requests. */
  inject(fault: Fault): void {
    this.#faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  /** Requests to `path` (endpoint) with `method`, counted. */
  count(method: string, path: string): number {
    return this.requests.filter((r) => r.method === method && r.path === path).length;
  }

  runsWithTag(key: string, value: string): StoredRun[] {
    return [...this.runs.values()].filter((run) => run.tags.get(key) === value);
  }

  #takeFault(method: string, path: string): FaultKind | undefined {
    const fault = this.#faults.find((f) => f.remaining > 0 && (!f.method || f.method === method) && path.startsWith(f.path));
    if (!fault) return undefined;
    fault.remaining--;
    return fault.fault;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const body = await readBody(req);
    const api = url.pathname.startsWith('/api/2.0/mlflow/') ? url.pathname.slice('/api/2.0/mlflow/'.length) : undefined;
    const artifactPrefix = '/api/2.0/mlflow-artifacts/artifacts';
    const path = api ?? (url.pathname.startsWith(artifactPrefix) ? decodeURIComponent(url.pathname.slice(artifactPrefix.length).replace(/^\//, '')) : url.pathname);
    const record: RequestRecord = { method, path, outcome: '', authorization: req.headers.authorization };
    this.requests.push(record);

    if (!this.#authorized(req)) {
      record.outcome = '401';
      res.writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Basic realm="mlflow"' });
      res.end('You are not authenticated. Please see https://www.mlflow.org/docs/latest/auth/index.html');
      return;
    }

    const fault = this.#takeFault(method, path);
    if (fault?.kind === 'status') {
      record.outcome = `fault ${fault.status}`;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      res.writeHead(fault.status, headers);
      res.end(JSON.stringify({ error_code: STATUS_CODES[fault.status] ?? 'INTERNAL_ERROR', message: 'injected fault' }));
      return;
    }
    if (fault?.kind === 'reset-before') {
      record.outcome = 'reset before';
      req.socket.destroy();
      return;
    }

    let status = 200;
    let payload: Buffer | string;
    let contentType = 'application/json';
    try {
      if (api !== undefined) {
        payload = JSON.stringify(this.#api(method, api, url.searchParams, body));
      } else if (url.pathname === artifactPrefix && method === 'GET') {
        payload = JSON.stringify(this.#listArtifacts(url.searchParams.get('path') ?? ''));
      } else if (url.pathname.startsWith(`${artifactPrefix}/`)) {
        const result = this.#artifact(method, path, body);
        payload = result ?? '{}';
        if (result) contentType = 'application/octet-stream';
      } else {
        throw new ApiError(404, 'ENDPOINT_NOT_FOUND', `No API endpoint for ${method} ${url.pathname}`);
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      status = error.status;
      payload = JSON.stringify({ error_code: error.code, message: error.message });
    }
    record.outcome = String(status);

    if (fault?.kind === 'reset-after') {
      record.outcome += ' then reset';
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status-after') {
      record.outcome += ` then ${fault.status}`;
      res.writeHead(fault.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error_code: STATUS_CODES[fault.status] ?? 'INTERNAL_ERROR', message: 'injected fault after commit' }));
      return;
    }
    if (fault?.kind === 'delay') {
      record.outcome += ` delayed ${fault.ms} ms`;
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      if (res.destroyed || req.socket.destroyed) return;
    }
    res.writeHead(status, { 'content-type': contentType });
    res.end(payload);
  }

  #authorized(req: IncomingMessage): boolean {
    const header = req.headers.authorization;
    if (this.options.token) return header === `Bearer ${this.options.token}`;
    if (this.options.basic) {
      const expected = Buffer.from(`${this.options.basic.username}:${this.options.basic.password}`).toString('base64');
      return header === `Basic ${expected}`;
    }
    return true;
  }

  #api(method: string, endpoint: string, query: URLSearchParams, raw: Buffer): Json {
    const body = method === 'GET' ? {} : parseJson(raw);
    const route = `${method} ${endpoint}`;
    switch (route) {
      case 'GET experiments/get-by-name': {
        const name = required(query.get('experiment_name'), 'experiment_name');
        const experiment = [...this.experiments.values()].find((e) => e.name === name);
        if (!experiment) throw notFound(`Could not find experiment with name '${name}'`);
        return { experiment };
      }
      case 'GET experiments/get': {
        const experiment = this.experiments.get(required(query.get('experiment_id'), 'experiment_id'));
        if (!experiment) throw notFound('No Experiment with id exists');
        return { experiment };
      }
      case 'POST experiments/create': {
        const name = required(body.name as string, 'name');
        if ([...this.experiments.values()].some((e) => e.name === name)) {
          throw exists(`Experiment(name=${name}) already exists.`);
        }
        const id = String(this.#nextExperimentId++);
        this.experiments.set(id, {
          experiment_id: id,
          name,
          lifecycle_stage: 'active',
          artifact_location: (body.artifact_location as string) ?? `mlflow-artifacts:/${id}`,
          tags: (body.tags as unknown[]) ?? [],
        });
        return { experiment_id: id };
      }
      case 'POST runs/create':
        return this.#createRun(body);
      case 'POST runs/update': {
        const run = this.#run(body.run_id as string);
        if (body.status !== undefined) run.info.status = String(body.status);
        if (body.end_time !== undefined) run.info.end_time = Number(body.end_time);
        if (body.run_name !== undefined) run.info.run_name = String(body.run_name);
        return { run_info: run.info };
      }
      case 'GET runs/get':
        return { run: this.#runJson(this.#run(query.get('run_id') ?? '')) };
      case 'POST runs/set-tag': {
        const run = this.#run((body.run_id ?? body.run_uuid) as string);
        run.tags.set(required(body.key as string, 'key'), String(body.value));
        return {};
      }
      case 'POST runs/log-batch':
        this.#logBatch(body);
        return {};
      case 'POST runs/search':
        return this.#searchRuns(body);
      case 'POST registered-models/create': {
        const name = required(body.name as string, 'name');
        if (this.models.has(name)) throw exists(`Registered Model (name=${name}) already exists.`);
        const model: StoredModel = { name, creation_timestamp: this.#now(), tags: (body.tags as StoredModel['tags']) ?? [], versions: [], aliases: new Map() };
        this.models.set(name, model);
        return { registered_model: this.#modelJson(model) };
      }
      case 'GET registered-models/get':
        return { registered_model: this.#modelJson(this.#model(query.get('name') ?? '')) };
      case 'POST model-versions/create':
        return this.#createVersion(body);
      case 'GET model-versions/get': {
        const version = this.#version(query.get('name') ?? '', query.get('version') ?? '');
        if (version.status === 'PENDING_REGISTRATION' && version.pendingReads-- <= 0) version.status = 'READY';
        return { model_version: this.#versionJson(version) };
      }
      case 'GET model-versions/search':
        return this.#searchVersions(query);
      case 'POST registered-models/alias': {
        const model = this.#model(body.name as string);
        const alias = required(body.alias as string, 'alias');
        if (!/^[\w-]+$/.test(alias) || alias.toLowerCase() === 'latest' || /^[vV]\d+$/.test(alias)) {
          throw invalid(`Invalid alias name: '${alias}'.`);
        }
        this.#version(model.name, String(body.version));
        model.aliases.set(alias, String(body.version));
        return {};
      }
      case 'GET registered-models/alias': {
        const model = this.#model(query.get('name') ?? '');
        const version = model.aliases.get(query.get('alias') ?? '');
        if (!version) throw notFound(`Registered model alias ${query.get('alias')} not found.`);
        return { model_version: this.#versionJson(this.#version(model.name, version)) };
      }
      case 'DELETE registered-models/alias': {
        this.#model(body.name as string).aliases.delete(body.alias as string);
        return {};
      }
      default:
        throw new ApiError(404, 'ENDPOINT_NOT_FOUND', `No API endpoint for ${method} ${endpoint}`);
    }
  }

  #now(): number {
    return ++this.#clock;
  }

  #createRun(body: Json): Json {
    const experimentId = required(body.experiment_id as string, 'experiment_id');
    const experiment = this.experiments.get(String(experimentId));
    if (!experiment) throw notFound(`No Experiment with id=${experimentId} exists`);
    if (experiment.lifecycle_stage !== 'active') throw invalid('The experiment must be in the active state.');
    const tags = new Map<string, string>(((body.tags as Array<{ key: string; value: string }>) ?? []).map((t) => [t.key, t.value]));
    const tagName = tags.get('mlflow.runName');
    const runName = (body.run_name as string | undefined) ?? tagName ?? `run-${this.runs.size + 1}`;
    if (body.run_name !== undefined && tagName !== undefined && tagName !== body.run_name) {
      throw invalid("Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values");
    }
    tags.set('mlflow.runName', runName);
    const runId = randomUUID().replace(/-/g, '');
    const run: StoredRun = {
      info: {
        run_id: runId,
        run_uuid: runId,
        run_name: runName,
        experiment_id: experiment.experiment_id,
        status: 'RUNNING',
        start_time: Number(body.start_time ?? this.#now()),
        artifact_uri: `${experiment.artifact_location}/${runId}/artifacts`,
        lifecycle_stage: 'active',
      },
      params: new Map(),
      tags,
      metrics: new Map(),
    };
    this.runs.set(runId, run);
    return { run: this.#runJson(run) };
  }

  #run(runId: string): StoredRun {
    const run = this.runs.get(runId);
    if (!run) throw notFound(`Run with id=${runId} not found`);
    return run;
  }

  #runJson(run: StoredRun): Json {
    const latest = new Map<string, { key: string; value: number | string; timestamp: number; step: number }>();
    for (const m of run.metrics.values()) {
      const prev = latest.get(m.key);
      if (!prev || m.step > prev.step || (m.step === prev.step && m.timestamp >= prev.timestamp)) latest.set(m.key, m);
    }
    return {
      info: run.info,
      data: {
        metrics: [...latest.values()],
        params: [...run.params].map(([key, value]) => ({ key, value })),
        tags: [...run.tags].map(([key, value]) => ({ key, value })),
      },
    };
  }

  #logBatch(body: Json): void {
    const run = this.#run(required(body.run_id as string, 'run_id'));
    if (run.info.lifecycle_stage !== 'active') throw invalid('The run must be in the active state.');
    const metrics = (body.metrics as Array<{ key: string; value: number | string; timestamp: number; step?: number }>) ?? [];
    const params = (body.params as Array<{ key: string; value: string }>) ?? [];
    const tags = (body.tags as Array<{ key: string; value: string }>) ?? [];
    const limit = (what: string, n: number, max: number) => {
      if (n > max) throw invalid(`A batch logging request can contain at most ${max} ${what}. Got ${n} ${what}.`);
    };
    limit('metrics', metrics.length, 1000);
    limit('params', params.length, 100);
    limit('tags', tags.length, 100);
    limit('metrics, params, and tags', metrics.length + params.length + tags.length, 1000);
    const checkKey = (what: string, key: string) => {
      if (!key || !VALID_KEY.test(key)) throw invalid(`Invalid ${what} name: '${key}'.`);
      if (key.length > 250) throw invalid(`${what} key '${key}' had length ${key.length}, which exceeded length limit of 250`);
    };
    const seen = new Set<string>();
    for (const p of params) {
      checkKey('parameter', p.key);
      if (seen.has(p.key)) throw invalid(`Duplicate parameter keys have been submitted: ['${p.key}'].`);
      seen.add(p.key);
      if (String(p.value).length > 6000) throw invalid(`Param value had length ${String(p.value).length}, which exceeded length limit of 6000`);
      const logged = run.params.get(p.key);
      if (logged !== undefined && logged !== String(p.value)) {
        throw invalid(`Changing param values is not allowed. Param with key='${p.key}' was already logged with value='${logged}' for run ID='${run.info.run_id}'. Attempted logging new value '${p.value}'.`);
      }
    }
    for (const t of tags) {
      checkKey('tag', t.key);
      if (String(t.value).length > 5000) throw invalid(`Tag value had length ${String(t.value).length}, which exceeded length limit of 5000`);
    }
    for (const m of metrics) {
      checkKey('metric', m.key);
      const isNumber = typeof m.value === 'number' || ['NaN', 'Infinity', '-Infinity'].includes(m.value);
      if (!isNumber) throw invalid(`Got invalid value ${m.value} for metric '${m.key}'`);
      if (typeof m.timestamp !== 'number' || m.timestamp < 0) throw invalid(`Got invalid timestamp ${m.timestamp} for metric '${m.key}'`);
    }
    for (const p of params) run.params.set(p.key, String(p.value));
    for (const t of tags) run.tags.set(t.key, String(t.value));
    for (const m of metrics) {
      const entry = { key: m.key, value: m.value, timestamp: m.timestamp, step: m.step ?? 0 };
      run.metrics.set(JSON.stringify(entry), entry);
    }
  }

  #searchRuns(body: Json): Json {
    const ids = ((body.experiment_ids as string[]) ?? []).map(String);
    const conditions = parseFilter(String(body.filter ?? ''), ['tags', 'params', 'attributes']);
    const viewType = String(body.run_view_type ?? 'ACTIVE_ONLY');
    let runs = [...this.runs.values()].filter((run) => ids.includes(run.info.experiment_id));
    if (viewType === 'ACTIVE_ONLY') runs = runs.filter((r) => r.info.lifecycle_stage === 'active');
    if (viewType === 'DELETED_ONLY') runs = runs.filter((r) => r.info.lifecycle_stage === 'deleted');
    runs = runs.filter((run) =>
      conditions.every(({ entity, key, value }) => {
        if (entity === 'tags') return run.tags.get(key) === value;
        if (entity === 'params') return run.params.get(key) === value;
        if (key === 'status') return run.info.status === value;
        throw invalid(`Invalid attribute key '${key}' specified.`);
      }),
    );
    const order = ((body.order_by as string[]) ?? [])[0] ?? 'attributes.start_time DESC';
    const match = /^attributes\.start_time\s*(ASC|DESC)?$/i.exec(order.trim());
    if (!match) throw invalid(`Invalid order_by clause '${order}'.`);
    const descending = (match[1] ?? 'ASC').toUpperCase() === 'DESC';
    runs.sort((a, b) => (descending ? b.info.start_time - a.info.start_time : a.info.start_time - b.info.start_time));
    const max = Number(body.max_results ?? 1000);
    return { runs: runs.slice(0, max).map((run) => this.#runJson(run)) };
  }

  #model(name: string): StoredModel {
    const model = this.models.get(name);
    if (!model) throw notFound(`Registered Model with name=${name} not found`);
    return model;
  }

  #modelJson(model: StoredModel): Json {
    return {
      name: model.name,
      creation_timestamp: model.creation_timestamp,
      tags: model.tags,
      aliases: [...model.aliases].map(([alias, version]) => ({ alias, version })),
    };
  }

  #createVersion(body: Json): Json {
    const model = this.#model(required(body.name as string, 'name'));
    const source = required(body.source as string, 'source');
    const runId = body.run_id as string | undefined;
    if (runId) this.#run(runId);
    const version: StoredVersion = {
      name: model.name,
      version: String(model.versions.length + 1),
      source,
      run_id: runId,
      status: this.options.pendingReads ? 'PENDING_REGISTRATION' : 'READY',
      creation_timestamp: this.#now(),
      tags: (body.tags as StoredVersion['tags']) ?? [],
      description: body.description as string | undefined,
      pendingReads: this.options.pendingReads ?? 0,
    };
    model.versions.push(version);
    return { model_version: this.#versionJson(version) };
  }

  #version(name: string, version: string): StoredVersion {
    const found = this.#model(name).versions.find((v) => v.version === version);
    if (!found) throw notFound(`Model Version (name=${name}, version=${version}) not found`);
    return found;
  }

  #versionJson(v: StoredVersion): Json {
    const aliases = [...(this.models.get(v.name)?.aliases ?? [])].filter(([, version]) => version === v.version).map(([a]) => a);
    return {
      name: v.name,
      version: v.version,
      source: v.source,
      run_id: v.run_id,
      status: v.status,
      creation_timestamp: v.creation_timestamp,
      current_stage: 'None',
      tags: v.tags,
      aliases,
    };
  }

  #searchVersions(query: URLSearchParams): Json {
    const conditions = parseFilter(query.get('filter') ?? '', ['']);
    const all = [...this.models.values()].flatMap((m) => m.versions);
    const matching = all.filter((v) =>
      conditions.every(({ key, value }) => {
        if (key === 'name') return v.name === value;
        if (key === 'run_id') return v.run_id === value;
        if (key === 'source_path') return v.source === value;
        throw invalid(`Invalid attribute name: ${key}`);
      }),
    );
    const max = Number(query.get('max_results') ?? 200_000);
    const offset = query.get('page_token') ? Number(Buffer.from(query.get('page_token')!, 'base64').toString()) : 0;
    const page = matching.slice(offset, offset + max);
    const next = offset + max < matching.length ? Buffer.from(String(offset + max)).toString('base64') : undefined;
    return { model_versions: page.map((v) => this.#versionJson(v)), next_page_token: next };
  }

  #artifact(method: string, path: string, body: Buffer): Buffer | undefined {
    if (path.split('/').includes('..')) throw invalid(`Invalid path: ${path}`);
    if (method === 'PUT') {
      this.artifacts.set(path, body);
      return undefined;
    }
    if (method === 'GET') {
      const content = this.artifacts.get(path);
      if (!content) throw notFound(`File not found: ${path}`);
      return content;
    }
    throw new ApiError(404, 'ENDPOINT_NOT_FOUND', `No API endpoint for ${method} artifacts`);
  }

  #listArtifacts(dir: string): Json {
    const prefix = dir ? `${dir.replace(/\/+$/, '')}/` : '';
    const children = new Map<string, { path: string; is_dir: boolean; file_size?: number }>();
    for (const [path, content] of this.artifacts) {
      if (!path.startsWith(prefix)) continue;
      const [head, ...rest] = path.slice(prefix.length).split('/');
      children.set(head, rest.length ? { path: head, is_dir: true } : { path: head, is_dir: false, file_size: content.length });
    }
    return { files: [...children.values()] };
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(raw: Buffer): Json {
  if (raw.length === 0) return {};
  try {
    return JSON.parse(raw.toString('utf8')) as Json;
  } catch {
    throw new ApiError(400, 'MALFORMED_REQUEST', 'Request body is not valid JSON');
  }
}

function required<T>(value: T | null | undefined, name: string): T {
  if (value === undefined || value === null || value === '') throw invalid(`Missing value for required parameter '${name}'.`);
  return value;
}

/**
 * Parses `a.b = 'v' AND c = 'w'`. `entities` lists accepted prefixes (`''` for bare attribute names);
 * keys may be bare, in backticks or in double quotes.
 */
function parseFilter(filter: string, entities: string[]): Array<{ entity: string; key: string; value: string }> {
  if (!filter.trim()) return [];
  const clause = /^\s*(?:(\w+)\.)?(`[^`]+`|"[^"]+"|[\w.]+)\s*=\s*'([^']*)'\s*$/;
  return filter.split(/\s+AND\s+/i).map((part) => {
    const match = clause.exec(part);
    if (!match) throw invalid(`Invalid filter '${filter}'. Could not be parsed.`);
    const entity = match[1] ?? '';
    if (!entities.includes(entity)) throw invalid(`Invalid entity type '${entity}'.`);
    const key = match[2].replace(/^[`"]|[`"]$/g, '');
    return { entity, key, value: match[3] };
  });
}
