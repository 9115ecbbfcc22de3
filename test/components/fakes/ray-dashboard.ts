/**
 * A fake Ray dashboard serving the Ray Jobs REST API as specified by Ray's OpenAPI document
 * (doc/source/cluster/running-applications/job-submission/openapi.yml, API version 4) and the
 * dashboard's job head module:
 *
 *   GET    /api/version                 200 {version, ray_version, ray_commit}
 *   POST   /api/jobs/                   200 {job_id, submission_id}; 400 text for a malformed body;
 *                                       a reused submission_id is rejected (500 text by default, as the
 *                                       head forwards the agent's ValueError; 400 on older Rays)
 *   GET    /api/jobs/                   200 [JobDetails]
 *   GET    /api/jobs/{id}               200 JobDetails; 404 text "Job {id} does not exist"
 *   GET    /api/jobs/{id}/logs          200 {logs}; 404
 *   POST   /api/jobs/{id}/stop          200 {stopped}; 404
 *   DELETE /api/jobs/{id}               200 {deleted}; 404; 500 text when the job is not finished
 *
 * With a token configured, requests without `x-ray-authorization: Bearer <token>` get 401.
 * A job's status reads show each state `readsPerState` times: PENDING, RUNNING, then the final
 * state, whose message and logs come from the `outcome` function (by entrypoint).
 */
import { FaultServer, type FakeRequest, type FakeResponse } from './fault-server.js';

export interface FakeRayJob {
  submission_id: string;
  job_id: string | null;
  entrypoint: string;
  status: 'PENDING' | 'RUNNING' | 'STOPPED' | 'SUCCEEDED' | 'FAILED';
  message: string | null;
  error_type: string | null;
  start_time: number;
  end_time: number | null;
  metadata: Record<string, string>;
  runtime_env: Record<string, unknown>;
  logs: string;
  reads: number;
}

export interface JobOutcome {
  status: 'SUCCEEDED' | 'FAILED';
  message?: string;
  error_type?: string;
  logs: string;
}

export interface FakeRayDashboardOptions {
  token?: string;
  /** Status answered for a reused submission id. Default 500. */
  duplicateStatus?: 400 | 500;
  /** Status reads that show each of PENDING and RUNNING. Default 1. */
  readsPerState?: number;
  /** Final state by entrypoint; default SUCCEEDED unless the entrypoint contains "fail". */
  outcome?: (entrypoint: string) => JobOutcome;
}

const TERMINAL = new Set(['STOPPED', 'SUCCEEDED', 'FAILED']);

export class FakeRayDashboard extends FaultServer {
  readonly jobs = new Map<string, FakeRayJob>();
  private nextDriver = 1;

  constructor(private readonly options: FakeRayDashboardOptions = {}) {
    super((request) => this.route(request));
  }

  private route(request: FakeRequest): FakeResponse {
    if (this.options.token && request.headers['x-ray-authorization'] !== `Bearer ${this.options.token}`) {
      return { status: 401, body: 'Unauthorized' };
    }
    const { method, path } = request;
    if (method === 'GET' && path === '/api/version') {
      return { status: 200, body: { version: '4', ray_version: '2.40.0', ray_commit: 'fake' } };
    }
    if (path === '/api/jobs/' || path === '/api/jobs') {
      if (method === 'POST') return this.submit(request.body);
      if (method === 'GET') return { status: 200, body: [...this.jobs.values()].map(details) };
    }
    const match = /^\/api\/jobs\/([^/]+)(\/logs|\/stop)?$/.exec(path);
    if (match) {
      const id = decodeURIComponent(match[1]);
      const job = this.find(id);
      if (!job) return { status: 404, body: `Job ${id} does not exist` };
      const action = match[2];
      if (method === 'GET' && !action) {
        this.advance(job);
        return { status: 200, body: details(job) };
      }
      if (method === 'GET' && action === '/logs') return { status: 200, body: { logs: job.logs } };
      if (method === 'POST' && action === '/stop') {
        if (TERMINAL.has(job.status)) return { status: 200, body: { stopped: false } };
        Object.assign(job, { status: 'STOPPED', end_time: Date.now(), message: 'Job was intentionally stopped.' });
        return { status: 200, body: { stopped: true } };
      }
      if (method === 'DELETE' && !action) {
        if (!TERMINAL.has(job.status)) {
          return { status: 500, body: `Traceback (most recent call last):\nRuntimeError: Attempted to delete job '${id}', but it is in a non-terminal state ${job.status}.` };
        }
        this.jobs.delete(job.submission_id);
        return { status: 200, body: { deleted: true } };
      }
    }
    return { status: 404, body: '404: Not Found' };
  }

  private submit(text: string): FakeResponse {
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return { status: 400, body: 'Request body must be JSON' };
    }
    if (typeof body.entrypoint !== 'string' || !body.entrypoint) {
      return { status: 400, body: "Traceback (most recent call last):\nTypeError: JobSubmitRequest.__init__() missing 1 required positional argument: 'entrypoint'" };
    }
    const id = typeof body.submission_id === 'string' ? body.submission_id : `raysubmit_${Math.random().toString(36).slice(2, 18)}`;
    if (this.jobs.has(id)) {
      return {
        status: this.options.duplicateStatus ?? 500,
        body: `Traceback (most recent call last):\nValueError: Job with submission_id ${id} already exists. Please use a different submission_id.`,
      };
    }
    this.jobs.set(id, {
      submission_id: id,
      job_id: null,
      entrypoint: body.entrypoint,
      status: 'PENDING',
      message: 'Job has not started yet.',
      error_type: null,
      start_time: Date.now(),
      end_time: null,
      metadata: (body.metadata as Record<string, string>) ?? {},
      runtime_env: (body.runtime_env as Record<string, unknown>) ?? {},
      logs: '',
      reads: 0,
    });
    return { status: 200, body: { job_id: id, submission_id: id } };
  }

  private find(id: string): FakeRayJob | undefined {
    return this.jobs.get(id) ?? [...this.jobs.values()].find((j) => j.job_id === id);
  }

  private advance(job: FakeRayJob): void {
    if (TERMINAL.has(job.status)) return;
    job.reads++;
    if (job.reads <= (this.options.readsPerState ?? 1)) return;
    job.reads = 1;
    if (job.status === 'PENDING') {
      Object.assign(job, { status: 'RUNNING', job_id: `0${this.nextDriver++}000000`, message: 'Job is currently running.' });
      job.logs = 'starting training\n';
    } else {
      const outcome = (this.options.outcome ?? defaultOutcome)(job.entrypoint);
      Object.assign(job, {
        status: outcome.status,
        message: outcome.message ?? (outcome.status === 'SUCCEEDED' ? 'Job finished successfully.' : null),
        error_type: outcome.error_type ?? null,
        end_time: Date.now(),
        logs: job.logs + outcome.logs,
      });
    }
  }
}

function defaultOutcome(entrypoint: string): JobOutcome {
  return entrypoint.includes('fail')
    ? {
        status: 'FAILED',
        message: 'Job entrypoint command failed with exit code 1, last available logs (truncated to 20,000 chars):\nValueError: bad config',
        error_type: 'JOB_ENTRYPOINT_COMMAND_ERROR',
        logs: 'epoch 1\nTraceback (most recent call last):\nValueError: bad config\n',
      }
    : { status: 'SUCCEEDED', logs: 'epoch 1 dice=0.81\nepoch 2 dice=0.86\ndone\n' };
}

function details(job: FakeRayJob): Record<string, unknown> {
  const { logs: _logs, reads: _reads, ...rest } = job;
  return { type: 'SUBMISSION', driver_info: null, driver_agent_http_address: null, driver_node_id: null, ...rest };
}
