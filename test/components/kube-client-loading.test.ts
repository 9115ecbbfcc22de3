/**
 * When KubeClient loads what it needs: creating one does no I/O; the first request loads the client
 * library and, unless a configuration was given, the default kubeconfig. A kubeconfig that cannot be read
 * fails that request before any request reaches a server, and a later request reads it again.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KubeClient, loadKubeConfig, loadKubernetesClient, RAY_JOB, toKubernetesApiError } from '@kfp-ts/components';
import { FaultServer } from './fakes/fault-server.js';

const object = { apiVersion: 'ray.io/v1', kind: 'RayJob', metadata: { name: 'job', namespace: 'ns', uid: 'u1' } };

const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-kube-client-'));
const kubeconfigPath = join(dir, 'kubeconfig');
let api: FaultServer;
const savedKubeconfig = process.env.KUBECONFIG;

beforeAll(async () => {
  api = await new FaultServer((request) =>
    request.method === 'GET' ? { status: 200, body: object } : { status: 404, body: { kind: 'Status', reason: 'NotFound', code: 404, message: 'not found' } },
  ).start();
});
afterEach(() => {
  if (savedKubeconfig === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = savedKubeconfig;
});
afterAll(async () => {
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
});

function writeKubeconfig(server: string): void {
  writeFileSync(
    kubeconfigPath,
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'fake', cluster: { server, 'insecure-skip-tls-verify': true } }],
      users: [{ name: 'u', user: { token: 'secret-token' } }],
      contexts: [{ name: 'c', context: { cluster: 'fake', user: 'u' } }],
      'current-context': 'c',
    }),
  );
}

describe('KubeClient', () => {
  it('reads the default kubeconfig on its first request, not when it is created', async () => {
    rmSync(kubeconfigPath, { force: true });
    process.env.KUBECONFIG = kubeconfigPath;
    const client = new KubeClient({ retry: { attempts: 3, initialDelayMs: 5 } });
    expect(client.kubeConfig).toBeUndefined();

    // Unreadable: the request fails with the file's error, without any request to a server.
    const requestsBefore = api.requests.length;
    await expect(client.get(RAY_JOB, 'ns', 'job')).rejects.toThrow(`ENOENT: no such file or directory, open '${kubeconfigPath}'`);
    expect(client.kubeConfig).toBeUndefined();
    expect(api.requests.length).toBe(requestsBefore);

    // Written now: the next request reads it.
    writeKubeconfig(api.url);
    expect(await client.get(RAY_JOB, 'ns', 'job')).toMatchObject({ metadata: { uid: 'u1' } });
    expect(client.kubeConfig?.getCurrentCluster()?.server).toBe(api.url);
    expect(api.requests.at(-1)?.headers.authorization).toBe('Bearer secret-token');
  });

  it('uses a configuration it was given', async () => {
    writeKubeconfig(api.url);
    const kubeConfig = await loadKubeConfig(kubeconfigPath);
    process.env.KUBECONFIG = join(dir, 'not-read');
    const client = new KubeClient({ kubeConfig });
    expect(client.kubeConfig).toBe(kubeConfig);
    expect(await client.get(RAY_JOB, 'ns', 'job')).toMatchObject({ metadata: { name: 'job' } });
    await expect(loadKubeConfig(join(dir, 'missing'))).rejects.toThrow('ENOENT');
  });

  it("translates the library's API errors, and passes others through", async () => {
    const { ApiException } = await loadKubernetesClient();
    expect(await loadKubernetesClient()).toBe(await loadKubernetesClient());
    const body = { kind: 'Status', reason: 'Forbidden', message: 'rayjobs.ray.io is forbidden' };
    expect(toKubernetesApiError(new ApiException(403, 'Forbidden', body, {}), 'get RayJob ns/job')).toMatchObject({
      status: 403,
      reason: 'Forbidden',
      message: 'get RayJob ns/job failed with HTTP 403 Forbidden: rayjobs.ray.io is forbidden',
    });
    const other = new Error('socket hang up');
    expect(toKubernetesApiError(other, 'get RayJob ns/job')).toBe(other);
  });
});
