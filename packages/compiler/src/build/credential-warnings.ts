/**
 * Warnings (not errors) about credentials that would end up in plain text: a pipeline parameter that looks
 * like a credential and is passed to tasks (its value is stored with every run and shown in the UI), and an
 * environment variable that looks like a credential and is set to a literal (written into the YAML). Both
 * belong in a Kubernetes Secret, read with `task.useSecretAsEnv(...)`.
 */
import { channelsInString, isChannel, type Channel, type PipelineGraph, type TaskNode } from '@kfp-ts/dsl';

/** Words that mark a credential, and word pairs that do together (`access key`, `api key`). */
const CREDENTIAL_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'token', 'secret', 'credential', 'credentials', 'apikey', 'accesskey', 'privatekey', 'bearer']);
const CREDENTIAL_PAIRS = [['access', 'key'], ['api', 'key'], ['private', 'key'], ['secret', 'key'], ['auth', 'key']];

/** Last words that make a name about a credential rather than the credential itself (`secret_name`, `token_count`). */
const METADATA_WORDS = new Set([
  'name', 'names', 'ref', 'path', 'file', 'dir', 'id', 'url', 'uri', 'count', 'limit', 'length', 'len', 'size',
  'type', 'kind', 'mode', 'ttl', 'expiry', 'expiration', 'header', 'field', 'param', 'parameter', 'version',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** True when a parameter or variable name looks like it holds a credential. */
export function looksLikeCredential(name: string): boolean {
  const w = words(name);
  if (!w.length || METADATA_WORDS.has(w[w.length - 1])) return false;
  if (w.some((x) => CREDENTIAL_WORDS.has(x))) return true;
  return CREDENTIAL_PAIRS.some(([a, b]) => w.some((x, i) => x === a && w[i + 1] === b));
}

function argumentChannels(value: unknown, out: Channel[]): void {
  if (isChannel(value)) out.push(value);
  else if (typeof value === 'string') out.push(...channelsInString(value));
  else if (Array.isArray(value)) value.forEach((v) => argumentChannels(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => argumentChannels(v, out));
}

/** The graphs of a pipeline and of the pipelines it uses as components, each once. */
function graphsOf(root: PipelineGraph): PipelineGraph[] {
  const seen = new Set<PipelineGraph>([root]);
  const queue = [root];
  for (let i = 0; i < queue.length; i++) {
    for (const task of queue[i].tasks) {
      const impl = task.component.implementation;
      if (impl.kind !== 'graph') continue;
      const sub = impl.graph();
      if (!seen.has(sub)) {
        seen.add(sub);
        queue.push(sub);
      }
    }
  }
  return queue;
}

function taskLabel(task: TaskNode): string {
  return task.config.displayName ?? task.component.name;
}

/** The warnings for a pipeline, one line each. */
export function credentialWarnings(graph: PipelineGraph): string[] {
  const warnings: string[] = [];

  // Parameters whose values reach tasks as arguments (names of Secrets and the like are fine).
  const passed = new Set<string>();
  for (const task of graph.tasks) {
    const channels: Channel[] = [];
    for (const value of Object.values(task.args)) argumentChannels(value, channels);
    for (const ch of channels) if (ch.source.kind === 'pipeline-input') passed.add(ch.source.name);
  }
  for (const [name, type] of Object.entries(graph.inputs)) {
    if (type.kind !== 'parameter' || !passed.has(name) || !looksLikeCredential(name)) continue;
    warnings.push(
      `pipeline parameter '${name}' looks like a credential: its value is stored with every run and shown in the KFP UI. ` +
        `Keep it in a Kubernetes Secret and read it in the task with task.useSecretAsEnv('<secret-name>', { <key>: '<ENV_VAR>' }).`,
    );
  }

  // Literal environment variables that look like credentials are written into the YAML.
  for (const g of graphsOf(graph)) {
    for (const task of g.tasks) {
      for (const [name, value] of Object.entries(task.config.env ?? {})) {
        if (!value || !looksLikeCredential(name) || channelsInString(value).length || value.includes('{{$')) continue;
        warnings.push(
          `task '${taskLabel(task)}' of pipeline '${g.name}' sets environment variable '${name}' to a literal value, which is written into the compiled pipeline. ` +
            `Read it from a Kubernetes Secret with task.useSecretAsEnv('<secret-name>', { <key>: '${name}' }).`,
        );
      }
    }
  }
  return warnings;
}
