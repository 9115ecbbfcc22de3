/**
 * The KFP corpus: compiled pipelines from the Python compiler, one golden YAML per case, listed in
 * `index.tsv`. Read from `../shared/kfp-corpus` beside the repository (or `$KFPTS_CORPUS`).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export const corpusDir = process.env.KFPTS_CORPUS ?? resolve(repoRoot, '../shared/kfp-corpus');

export interface CorpusCase {
  /** `<group>/<name>` */
  id: string;
  group: string;
  name: string;
  pipelineFunction: string;
  /** Compile-time parameter values (`pipeline_parameters`). */
  pipelineParameters?: Record<string, unknown>;
  goldenPath: string;
}

/** Every case in `index.tsv`, in file order. */
export function corpusCases(): CorpusCase[] {
  const lines = readFileSync(join(corpusDir, 'index.tsv'), 'utf8').split('\n').slice(1).filter((l) => l.trim());
  return lines.map((line) => {
    const [id, , pipelineFunction, params] = line.split('\t');
    const [group, name] = id.split('/');
    return {
      id,
      group,
      name,
      pipelineFunction,
      ...(params ? { pipelineParameters: JSON.parse(params) as Record<string, unknown> } : {}),
      goldenPath: join(corpusDir, `${id}.yaml`),
    };
  });
}

/** The golden's documents (PipelineSpec, then PlatformSpec if any). */
export function readGoldenDocuments(path: string): unknown[] {
  return parseAllDocuments(readFileSync(path, 'utf8'))
    .map((d) => d.toJS())
    .filter((d) => d !== null && d !== undefined);
}
