/**
 * Global setup of the `k8s` test project: starts a real kube-apiserver + etcd with the RayJob,
 * RayCluster and InferenceService CRDs (../shared/k8s-apiserver/start.sh) and stops it afterwards.
 * With KFPTS_K8S_KUBECONFIG set, uses that server instead and starts nothing.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

const dir = resolve('../shared/k8s-apiserver'); // vitest runs from the repo root

export default function setup(project: TestProject): (() => void) | undefined {
  const existing = process.env.KFPTS_K8S_KUBECONFIG;
  if (existing) {
    project.provide('kubeconfig', existing);
    return undefined;
  }
  const out = execFileSync('bash', [`${dir}/start.sh`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const env = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => line.split(/=(.*)/s) as [string, string]),
  );
  if (!env.KUBECONFIG || !env.KFPTS_K8S_RUN_DIR) throw new Error(`start.sh printed no KUBECONFIG/KFPTS_K8S_RUN_DIR:\n${out}`);
  project.provide('kubeconfig', env.KUBECONFIG);
  return () => execFileSync('bash', [`${dir}/stop.sh`, env.KFPTS_K8S_RUN_DIR], { stdio: 'inherit' });
}

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
  }
}
