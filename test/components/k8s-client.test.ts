/**
 * KubeClient's own behaviour against a fake API server on plain HTTP: retries on 429/5xx/resets and
 * slow answers, no retry on 4xx, and API `Status` errors turned into KubernetesApiError.
 * (The real API server tests are in *.k8s.test.ts.)
 */
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KubeClient, KubernetesApiError, RAY_JOB, RequestTimeoutError } from '@kfp-ts/components';
import { FaultServer } from './fakes/fault-server.js';
import { rejectionOf } from './rejection.js';

const path = /^\/apis\/ray\.io\/v1\/namespaces\/ns\/rayjobs(\/job)?$/;
const object = { apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: { name: 'job', namespace: 'ns', uid: 'u1' } };

describe('KubeClient', () => {
  let api: FaultServer;
  let client: KubeClient;
  beforeEach(async () => {
    api = await new FaultServer((request) => {
      if (request.method === 'GET') return { status: 200, body: object };
      if (request.method === 'POST') {
        return {
          status: 409,
          body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'AlreadyExists', code: 409, message: 'rayjobs.ray.io "job" already exists' },
        };
      }
      if (request.method === 'PATCH') {
        return {
          status: 422,
          body: {
            kind: 'Status',
            status: 'Failure',
            reason: 'Invalid',
            code: 422,
            message: 'RayJob.ray.io "job" is invalid: spec.entrypointNumCpus: Invalid value: "string": must be of type number',
            details: { causes: [{ reason: 'FieldValueInvalid', field: 'spec.entrypointNumCpus', message: 'Invalid value' }] },
          },
        };
      }
      return { status: 404, body: { kind: 'Status', reason: 'NotFound', code: 404, message: 'not found' } };
    }).start();
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'fake', server: api.url, skipTLSVerify: true }],
      users: [{ name: 'u', token: 'secret-token' }],
      contexts: [{ name: 'c', cluster: 'fake', user: 'u' }],
      currentContext: 'c',
    });
    client = new KubeClient({ kubeConfig, requestTimeoutMs: 300, retry: { initialDelayMs: 5, maxDelayMs: 20 } });
  });
  afterEach(() => api.stop());

  it('retries 429, 500, 503, a reset and a slow answer', async () => {
    api.inject({ method: 'GET', path }, { kind: 'status', status: 429, body: { kind: 'Status', code: 429 }, retryAfter: '0' });
    api.inject({ method: 'GET', path }, { kind: 'status', status: 500, body: { kind: 'Status', code: 500 } });
    api.inject({ method: 'GET', path }, { kind: 'status', status: 503, body: 'unavailable' });
    api.inject({ method: 'GET', path }, { kind: 'reset' });
    api.inject({ method: 'GET', path }, { kind: 'delay', ms: 1_000 });
    expect(await client.get(RAY_JOB, 'ns', 'job')).toMatchObject({ metadata: { uid: 'u1' } });
    expect(api.count('GET', path)).toBe(6);
    expect(api.requests[0].headers.authorization).toBe('Bearer secret-token');
  });

  it('gives up on time-outs with a RequestTimeoutError', async () => {
    api.inject({ method: 'GET', path }, { kind: 'delay', ms: 1_000 }, 10);
    const slow = new KubeClient({ kubeConfig: client.kubeConfig, requestTimeoutMs: 100, retry: { attempts: 2, initialDelayMs: 5 } });
    await expect(slow.get(RAY_JOB, 'ns', 'job')).rejects.toBeInstanceOf(RequestTimeoutError);
  });

  it('turns Status answers into KubernetesApiError without retrying and without the token', async () => {
    const conflict = await rejectionOf<KubernetesApiError>(client.create(RAY_JOB, 'ns', object));
    expect(conflict).toBeInstanceOf(KubernetesApiError);
    expect(conflict).toMatchObject({ status: 409, reason: 'AlreadyExists', detail: 'rayjobs.ray.io "job" already exists' });
    expect(conflict.message).toBe('create RayJob ns/job failed with HTTP 409 AlreadyExists: rayjobs.ray.io "job" already exists');
    expect(api.count('POST', path)).toBe(1);

    const invalid = await rejectionOf<KubernetesApiError>(client.mergePatch(RAY_JOB, 'ns', 'job', { spec: {} }));
    expect(invalid).toMatchObject({ status: 422, reason: 'Invalid', causes: [{ field: 'spec.entrypointNumCpus' }] });
    expect(api.requests.find((r) => r.method === 'PATCH')?.headers['content-type']).toBe('application/merge-patch+json');
    expect(invalid.message).not.toContain('secret-token');
  });

  it('treats 404 on delete as already gone', async () => {
    expect(await client.delete(RAY_JOB, 'ns', 'job')).toBe(false);
  });
});
