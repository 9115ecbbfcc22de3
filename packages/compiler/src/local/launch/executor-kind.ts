/**
 * What kind of program a container executor runs, told from its IR command line — the local launcher runs
 * each kind its own way (TypeScript and Python on this machine, anything else in a container).
 */
import { IMAGE_ENTRY } from '../../build/ts-component/container.js';
import type { IrContainerSpec } from '../launch-types.js';

export type ExecutorKind =
  /** A TypeScript component whose bundle travels in the command line (`sh -ec <script> <bundle>`). */
  | { readonly kind: 'typescript-embedded'; readonly component: string; readonly installsPackages: boolean }
  /** A TypeScript component built into an image by `kfp-ts component build`. */
  | { readonly kind: 'typescript-image'; readonly component: string }
  /** A KFP Python function component (`python3 -m kfp.dsl.executor_main`). */
  | { readonly kind: 'python' }
  /** Any other program, which needs its image. */
  | { readonly kind: 'container' };

const PYTHON_EXECUTOR = 'kfp.dsl.executor_main';

export function executorKind(container: Pick<IrContainerSpec, 'command' | 'args'>): ExecutorKind {
  const command = container.command ?? [];
  const args = container.args ?? [];
  const component = valueAfter(args, '--component');
  if (component !== undefined) {
    const [program, flag, script] = command;
    if (program === 'sh' && flag === '-ec' && typeof script === 'string' && script.includes('exec node "$program_path/component.mjs"')) {
      return { kind: 'typescript-embedded', component, installsPackages: script.includes('npm install') };
    }
    if (command[0] === 'node' && command.includes(IMAGE_ENTRY)) return { kind: 'typescript-image', component };
  }
  if ([...command, ...args].some((element) => element.includes(PYTHON_EXECUTOR))) return { kind: 'python' };
  return { kind: 'container' };
}

function valueAfter(list: readonly string[], flag: string): string | undefined {
  const i = list.indexOf(flag);
  return i >= 0 && i + 1 < list.length ? list[i + 1] : undefined;
}
