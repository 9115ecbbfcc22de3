/**
 * What the local engine hands the task launcher, built for one component: its compiled container and IR
 * spec, and an executor input whose outputs are planned under a scratch folder (local URIs are paths).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Component } from '@kfp-ts/dsl';
import { compileToYaml, type IrComponentSpec } from '@kfp-ts/compiler';
import type { LocalRunEvent } from '../../../packages/compiler/src/local/events.js';
import type { ExecutorInput, IrContainerSpec, LocalLaunchRequest, RuntimeArtifact } from '../../../packages/compiler/src/local/launch-types.js';

export interface Compiled {
  readonly componentName: string;
  readonly container: IrContainerSpec;
  readonly componentSpec: IrComponentSpec;
}

/** A component compiled alone: its container executor and its IR spec. */
export function compiled(component: Component<any, any>): Compiled {
  const spec = parse(compileToYaml(component as never));
  const [key, componentSpec] = Object.entries<IrComponentSpec>(spec.components).find(([, c]) => c.executorLabel)!;
  return { componentName: key.replace(/^comp-/, ''), container: spec.deploymentSpec.executors[componentSpec.executorLabel!].container, componentSpec };
}

const folders: string[] = [];
/** A new scratch folder, removed by {@link removeScratch}. */
export function scratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-launch-test-'));
  folders.push(dir);
  return dir;
}
export function removeScratch(): void {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** An input artifact: a file with these contents, written under `dir`. */
export function inputArtifact(dir: string, name: string, contents: string, metadata: Record<string, unknown> = {}, schemaTitle = 'system.Dataset'): RuntimeArtifact {
  const uri = join(dir, 'upstream', name);
  mkdirSync(join(dir, 'upstream'), { recursive: true });
  writeFileSync(uri, contents);
  return { name, uri, type: { schemaTitle, schemaVersion: '0.0.1' }, metadata };
}

/** The executor input the driver would build: the given inputs, outputs planned in the task's folder. */
export function plannedInput(
  componentSpec: IrComponentSpec,
  taskDir: string,
  inputs: { parameters?: Record<string, unknown>; artifacts?: Record<string, RuntimeArtifact | RuntimeArtifact[]> } = {},
): ExecutorInput {
  const artifacts = Object.fromEntries(Object.entries(inputs.artifacts ?? {}).map(([name, a]) => [name, { artifacts: Array.isArray(a) ? a : [a] }]));
  const outputArtifacts = Object.fromEntries(
    Object.entries(componentSpec.outputDefinitions?.artifacts ?? {}).map(([name, def]) => [
      name,
      { artifacts: [{ name, uri: join(taskDir, 'artifacts', name), type: def.artifactType, metadata: {} }] },
    ]),
  );
  const outputParameters = Object.fromEntries(
    Object.keys(componentSpec.outputDefinitions?.parameters ?? {}).map((name) => [name, { outputFile: join(taskDir, 'parameters', name) }]),
  );
  return {
    inputs: { parameterValues: { ...(inputs.parameters ?? {}) }, artifacts },
    outputs: { parameters: outputParameters, artifacts: outputArtifacts, outputFile: join(taskDir, 'executor_output.json') },
  };
}

/** A launch request for a compiled component, with the events it reports collected in `events`. */
export function request(
  c: Compiled,
  taskDir: string,
  executorInput: ExecutorInput,
  extra: Partial<LocalLaunchRequest> = {},
): LocalLaunchRequest & { events: LocalRunEvent[] } {
  const events: LocalRunEvent[] = [];
  return {
    task: c.componentName,
    componentName: c.componentName,
    container: c.container,
    componentSpec: c.componentSpec,
    executorInput,
    taskDir,
    onEvent: (e) => events.push(e),
    events,
    ...extra,
  };
}

/** The lines a task logged, by stream. */
export function logLines(events: readonly LocalRunEvent[], stream: 'stdout' | 'stderr'): string[] {
  return events.flatMap((e) => (e.type === 'task-log' && e.stream === stream ? [e.line] : []));
}
