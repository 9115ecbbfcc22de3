/**
 * `@kubernetes/client-node` loaded on first use. Importing it takes a second or more, so the modules here
 * import only its types statically: a step that never talks to Kubernetes (say, the quality gate, bundled
 * in the same image) does not pay for it at start-up.
 */

/** The `@kubernetes/client-node` module. */
export type KubernetesClientModule = typeof import('@kubernetes/client-node');

let loading: Promise<KubernetesClientModule> | undefined;
let loaded: KubernetesClientModule | undefined;

/**
 * Imports `@kubernetes/client-node` once per process; later calls return the same module.
 *
 * @example
 * const { KubeConfig } = await loadKubernetesClient();
 * const kubeConfig = new KubeConfig();
 */
export function loadKubernetesClient(): Promise<KubernetesClientModule> {
  loading ??= import('@kubernetes/client-node').then(
    (module) => (loaded = module),
    (error: unknown) => {
      loading = undefined; // not cached: a later call tries again
      throw error;
    },
  );
  return loading;
}

/** The module if {@link loadKubernetesClient} has loaded it, else `undefined` (never triggers the import). */
export function loadedKubernetesClient(): KubernetesClientModule | undefined {
  return loaded;
}
