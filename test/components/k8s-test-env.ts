/** Shared set-up of the tests that run against the local kube-apiserver: a client and a fresh namespace. */
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { inject } from 'vitest';
import { type CustomResourceType, KubeClient, type KubeObject } from '@kfp-ts/components';

export interface K8sTestEnv {
  kubeConfig: KubeConfig;
  client: KubeClient;
  namespace: string;
  /** Plays the operator: merge-patches the object's status once it exists. */
  setStatus(type: CustomResourceType, name: string, status: object): Promise<KubeObject>;
  /** Resolves once the object exists. */
  waitUntilExists(type: CustomResourceType, name: string): Promise<KubeObject>;
}

export async function k8sTestEnv(prefix: string): Promise<K8sTestEnv> {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromFile((inject as (key: string) => string)('kubeconfig')); // see k8s-apiserver.setup.ts
  const client = new KubeClient({ kubeConfig, retry: { initialDelayMs: 20, maxDelayMs: 200 } });
  // Namespaces cannot be deleted on this server (no controllers), so each file gets a new one.
  const namespace = `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  await kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });

  const waitUntilExists = async (type: CustomResourceType, name: string): Promise<KubeObject> => {
    for (let i = 0; i < 200; i++) {
      const object = await client.get<KubeObject>(type, namespace, name);
      if (object) return object;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`${type.kind} ${namespace}/${name} never appeared`);
  };
  const setStatus = async (type: CustomResourceType, name: string, status: object) => {
    await waitUntilExists(type, name);
    return client.mergePatch<KubeObject>(type, namespace, name, { status }, 'status');
  };
  return { kubeConfig, client, namespace, setStatus, waitUntilExists };
}

/** Resolves after `ms` milliseconds. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
