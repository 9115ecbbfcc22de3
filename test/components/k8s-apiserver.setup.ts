/**
 * Global setup of the `k8s` test project: starts a real kube-apiserver + etcd with the RayJob,
 * RayCluster and InferenceService CRDs (../shared/k8s-apiserver/start.sh) and stops it afterwards.
 * Ports not set in the environment are picked free, so concurrent runs do not stop each other's
 * server (start.sh replaces the instance it finds on its port). With KFPTS_K8S_KUBECONFIG set,
 * uses that server instead and starts nothing.
 */
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

const dir = resolve('../shared/k8s-apiserver'); // vitest runs from the repo root

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  // Read in the tests with inject('kubeconfig'). Untyped: vitest's ProvidedContext cannot be augmented
  // through the re-export this TypeScript setup resolves.
  const provide = project.provide as (key: string, value: string) => void;
  const existing = process.env.KFPTS_K8S_KUBECONFIG;
  if (existing) {
    provide('kubeconfig', existing);
    return undefined;
  }
  const env = { ...process.env };
  const names = ['KFPTS_K8S_PORT', 'KFPTS_K8S_ETCD_PORT', 'KFPTS_K8S_ETCD_PEER_PORT'];
  const ports = await freePorts(names.length);
  names.forEach((name, i) => (env[name] ??= String(ports[i])));
  const out = execFileSync('bash', [`${dir}/start.sh`], { encoding: 'utf8', env, stdio: ['ignore', 'pipe', 'inherit'] });
  const started = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => line.split(/=(.*)/s) as [string, string]),
  );
  if (!started.KUBECONFIG || !started.KFPTS_K8S_RUN_DIR) throw new Error(`start.sh printed no KUBECONFIG/KFPTS_K8S_RUN_DIR:\n${out}`);
  provide('kubeconfig', started.KUBECONFIG);
  return () => execFileSync('bash', [`${dir}/stop.sh`, started.KFPTS_K8S_RUN_DIR], { stdio: 'inherit' });
}

/** Distinct TCP ports of 127.0.0.1 that are free right now (held open together, then released). */
async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: count }, () => {
      const server = createServer();
      return new Promise<ReturnType<typeof createServer>>((ready, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => ready(server));
      });
    }),
  );
  const ports = servers.map((server) => (server.address() as { port: number }).port);
  await Promise.all(servers.map((server) => new Promise((closed) => server.close(closed))));
  return ports;
}
