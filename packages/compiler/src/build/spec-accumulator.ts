/**
 * The components and executors of a PipelineSpec being built, with the Python compiler's rules for
 * unique names: a name already taken gets `-2`, `-3`, …; a pipeline used as a component is merged in with
 * its components and executors renamed where they collide.
 */
import type { IrComponentSpec, IrExecutor } from '../ir/types.js';
import { makeUnique } from './names.js';

export class SpecAccumulator {
  readonly components: Record<string, IrComponentSpec> = {};
  readonly executors: Record<string, IrExecutor> = {};
  /** Kubernetes settings per executor label (the PlatformSpec). */
  readonly platformExecutors: Record<string, Record<string, unknown>> = {};

  readonly executorNames = { has: (name: string) => name in this.executors };

  addExecutor(label: string, executor: IrExecutor): void {
    this.executors[label] = executor;
  }

  /** Registers a component under `candidate` or the first free `candidate-N`; returns the name used. */
  addComponent(candidate: string, spec: IrComponentSpec): string {
    const name = makeUnique(candidate, { has: (n) => n in this.components });
    this.components[name] = spec;
    return name;
  }

  /**
   * Merges a compiled sub-pipeline into this spec and returns its root, ready to be the component of the
   * task that calls it. Nothing of `sub` is shared: it may be merged again.
   */
  merge(sub: SpecAccumulator, subRoot: IrComponentSpec): IrComponentSpec {
    const components = structuredClone(sub.components);
    const root = structuredClone(subRoot);
    const platform = structuredClone(sub.platformExecutors);

    for (const [label, executor] of Object.entries(structuredClone(sub.executors))) {
      const renamed = makeUnique(label, this.executorNames);
      if (renamed !== label) {
        for (const spec of Object.values(components)) if (spec.executorLabel === label) spec.executorLabel = renamed;
      }
      this.executors[renamed] = executor;
      if (platform[label]) this.platformExecutors[renamed] = platform[label];
    }

    const renames: [string, string][] = [];
    const taken = new Set(Object.keys(this.components));
    for (const name of Object.keys(components)) {
      const renamed = makeUnique(name, taken);
      taken.add(renamed);
      taken.add(name);
      renames.push([name, renamed]);
    }
    // Rename the most recent first, so that chains (a → a-2, a-2 → a-3) do not collide.
    for (const [from, to] of [...renames].reverse()) {
      if (from === to) continue;
      for (const spec of [...Object.values(components), root]) {
        for (const task of Object.values(spec.dag?.tasks ?? {})) if (task.componentRef.name === from) task.componentRef.name = to;
      }
    }
    for (const [from, to] of renames) this.components[to] = components[from];
    return root;
  }
}
