/**
 * `kfp-ts upload <file> --host <url>`: uploads a pipeline (a .yaml file, or a .ts file compiled in memory)
 * to Kubeflow Pipelines, or a new version of it with --version-name.
 */
import type { Command } from 'commander';
import { KfpApiError } from '../client/errors.js';
import type { KfpClient } from '../client/kfp-client.js';
import { addConnectionOptions, clientFrom, type ConnectionFlags } from './client-options.js';
import { jsonOption, reportResult } from './json-output.js';
import { loadPipelineSource, type PipelineSource } from './pipeline-source.js';

/** What an upload created. */
export interface Uploaded {
  pipelineId: string;
  pipelineVersionId: string;
  versionName: string;
  /** False when the pipeline existed and a version was added to it. */
  newPipeline: boolean;
}

/**
 * Uploads `source` as pipeline `name`. When the pipeline exists, adds a version named `version`; without a
 * version name that is an error unless `autoVersion` is set (then the version is named after the time).
 */
export async function uploadPipeline(
  client: KfpClient,
  source: PipelineSource,
  args: { name: string; version?: string; description?: string; autoVersion?: boolean },
): Promise<Uploaded> {
  const existing = await client.findPipeline(args.name);
  if (!existing) {
    try {
      const pipeline = await client.uploadPipeline({ yaml: source.yaml, name: args.name, description: args.description });
      const version = await client.latestPipelineVersion(pipeline.pipeline_id);
      return { pipelineId: pipeline.pipeline_id, pipelineVersionId: version.pipeline_version_id, versionName: version.name ?? args.name, newPipeline: true };
    } catch (e) {
      // Created by someone else in between: add a version instead, as if it had existed.
      if (!(e instanceof KfpApiError && e.status === 409)) throw e;
      return uploadPipeline(client, source, args);
    }
  }
  const versionName = args.version ?? (args.autoVersion ? `${args.name}-${timestamp()}` : undefined);
  if (!versionName) {
    throw new Error(`pipeline '${args.name}' already exists${client.namespace ? ` in namespace '${client.namespace}'` : ''}: pass --version-name <name> to upload a new version of it, or --name to upload under another name`);
  }
  const version = await client.uploadPipelineVersion({ yaml: source.yaml, pipelineId: existing.pipeline_id, name: versionName, description: args.description });
  return { pipelineId: existing.pipeline_id, pipelineVersionId: version.pipeline_version_id, versionName, newPipeline: false };
}

/** A sortable UTC time for generated version names: 20260127-142501. */
function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export function addUploadCommand(program: Command): void {
  const command = program
    .command('upload')
    .description('Upload a pipeline (a .yaml file, or a .ts file compiled first) to Kubeflow Pipelines.')
    .argument('<file>', 'the pipeline: IR YAML, or a .ts/.js file that exports it')
    .option('--name <name>', "the pipeline's name in KFP (default: the pipeline's own name)")
    .option('--version-name <name>', 'upload as a new version with this name when the pipeline already exists')
    .option('--description <text>', 'a description of the pipeline or version')
    .option('-p, --pipeline <exportName>', 'the export to compile, when a .ts file exports several pipelines')
    .addOption(jsonOption());
  addConnectionOptions(command)
    .addHelpText(
      'after',
      `
A new pipeline gets a first version of the same name. When a pipeline of that name already exists, the
upload fails unless --version-name names the new version to add. Prints the pipeline and version ids.
API calls are retried on HTTP 429/5xx and connection errors.

Examples:
  $ kfp-ts upload pipeline.yaml --host http://localhost:8888
  $ kfp-ts upload pipeline.ts --host https://kubeflow.example.com/pipeline --namespace team-a --version-name v2`,
    )
    .action(async (file: string, opts: ConnectionFlags & { name?: string; versionName?: string; description?: string; pipeline?: string }) => {
      const client = clientFrom(opts);
      const source = await loadPipelineSource(file, opts.pipeline);
      const name = opts.name ?? source.name;
      const uploaded = await uploadPipeline(client, source, { name, version: opts.versionName, description: opts.description });
      process.stdout.write(
        uploaded.newPipeline
          ? `uploaded pipeline '${name}' (pipeline id ${uploaded.pipelineId}, version id ${uploaded.pipelineVersionId})\n`
          : `uploaded version '${uploaded.versionName}' of pipeline '${name}' (pipeline id ${uploaded.pipelineId}, version id ${uploaded.pipelineVersionId})\n`,
      );
      reportResult({ ok: true, command: 'upload', pipeline: name, ...uploaded });
    });
}
