/**
 * Reading compiled pipelines back from IR YAML files (written by kfp-ts or by the Python compiler): the
 * PipelineSpec and, when the file has one, the Kubernetes PlatformSpec. Used by the commands that accept a
 * compiled file as well as a pipeline source (`graph`, `run --local`).
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { KfpDefinitionError } from '@kfp-ts/dsl';
import type { PipelineSpec, PlatformSpec } from './types.js';

/** Why a file could not be read, in a few words: `no such file`, `is a directory`, or the system's message. */
export function unreadableFileReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

/** A file's text; an unreadable file is a one-line error naming it (`no such file: <file>`, …). */
export function readTextFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const why = unreadableFileReason(e);
    throw new KfpDefinitionError(why === 'no such file' ? `no such file: ${file}` : why === 'is a directory' ? `${file} is a directory` : `cannot read ${file}: ${why}`);
  }
}

/** The documents of a compiled pipeline file. */
export interface IrDocuments {
  readonly pipelineSpec: PipelineSpec;
  readonly platformSpec?: PlatformSpec;
}

/**
 * Reads an IR YAML file: the PipelineSpec (the document with `pipelineInfo`, or else the first one) and the
 * PlatformSpec (the document with `platforms`). Only the YAML is checked here; what the documents hold is
 * for the caller (a schema check, the graph model) to judge.
 */
export function readIrYaml(file: string): IrDocuments {
  const documents: unknown[] = [];
  for (const document of parseAllDocuments(readTextFile(file))) {
    if (!('errors' in document)) continue;
    if (document.errors.length) {
      // The parser's message goes on with a code frame after a colon: keep its first line.
      throw new KfpDefinitionError(`${file} is not valid YAML: ${document.errors[0].message.split('\n')[0].replace(/:$/, '')}`);
    }
    const value = document.toJS() as unknown;
    if (value !== null && value !== undefined) documents.push(value);
  }
  if (documents.length === 0) throw new KfpDefinitionError(`${file} is empty`);
  const has = (key: string) => (d: unknown) => typeof d === 'object' && d !== null && key in d;
  const pipelineSpec = documents.find(has('pipelineInfo')) ?? documents[0];
  const platformSpec = documents.find((d) => d !== pipelineSpec && has('platforms')(d));
  return { pipelineSpec: pipelineSpec as PipelineSpec, ...(platformSpec ? { platformSpec: platformSpec as PlatformSpec } : {}) };
}
