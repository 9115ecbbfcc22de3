/**
 * `kfp-ts graph <file> -o out.svg|out.html|out.mmd`: draws a pipeline's DAG. A .ts/.js file is compiled
 * first, a .yaml file is read as compiled IR; either way the drawing is made from the IR.
 */
import type { Command } from 'commander';
import { extname } from 'node:path';
import { KfpDefinitionError } from '@kfp-ts/dsl';
import { compile } from '../compile.js';
import { writeFileAtomic } from '../emit/write-file.js';
import { graphToHtml } from '../graph/html.js';
import { readIrYaml } from '../ir/read-ir-yaml.js';
import { graphToMermaid } from '../graph/mermaid.js';
import { allNodes, pipelineGraph, type PipelineGraph } from '../graph/model.js';
import { graphToSvg } from '../graph/svg.js';
import { isJsonOutput, jsonOption, reportResult, warn } from './json-output.js';
import { choosePipeline, importUserModule } from './load-pipeline.js';

const RENDERERS = { mmd: graphToMermaid, svg: graphToSvg, html: graphToHtml } satisfies Record<string, (graph: PipelineGraph) => string>;
type Format = keyof typeof RENDERERS;
const FORMATS = Object.keys(RENDERERS) as Format[];

const YAML_EXTENSIONS = ['.yaml', '.yml'];
const MODULE_EXTENSIONS = ['.ts', '.mts', '.cts', '.tsx', '.js', '.mjs', '.cjs'];

export function addGraphCommand(program: Command): void {
  program
    .command('graph')
    .description("Draw a pipeline's DAG (from a .ts/.js pipeline file or compiled IR YAML) as SVG, HTML or Mermaid.")
    .argument('<file>', 'the pipeline: a .ts/.js file that exports it, or a compiled .yaml file')
    .option('-o, --output <file>', 'where to write the drawing; its extension (.svg, .html, .mmd) picks the format (default: standard output)')
    .option('-f, --format <format>', `the format when writing to standard output: ${FORMATS.join(', ')} (default: mmd)`)
    .option('-p, --pipeline <exportName>', 'the export to draw, when the file exports several pipelines')
    .addOption(jsonOption())
    .addHelpText(
      'after',
      `
Tasks show their display name and badges for GPUs, CPU and memory, caching turned off and retries.
Conditions, ParallelFor loops, exit handlers and pipelines used as components are drawn as framed groups;
solid arrows carry data, dotted ones only order tasks. The HTML page adds a legend and shows each task's
details on hover. On any error nothing is written and the exit code is 1.

Examples:
  $ kfp-ts graph pipeline.ts -o pipeline.svg
  $ kfp-ts graph pipeline.yaml -o pipeline.html
  $ kfp-ts graph pipelines.ts --pipeline training -o training.mmd
  $ kfp-ts graph pipeline.ts > pipeline.mmd`,
    )
    .action(async (file: string, opts: { output?: string; format?: string; pipeline?: string }) => {
      const format = outputFormat(opts.output, opts.format);
      const graph = pipelineGraph(await loadSpec(file, opts.pipeline), file);
      const text = RENDERERS[format](graph);
      const tasks = allNodes(graph.root).filter((n) => n.kind === 'task').length;
      if (opts.output) {
        writeFileAtomic(opts.output, text);
        process.stderr.write(`wrote ${opts.output}\n`);
      } else if (!isJsonOutput()) {
        process.stdout.write(text);
      }
      // Under --json, standard output holds only the result: the drawing's text goes into it.
      reportResult({ ok: true, command: 'graph', pipeline: graph.name, format, tasks, ...(opts.output ? { output: opts.output } : { text }) });
    });
}

/** The format, from the output file's extension or --format; checked before any work is done. */
function outputFormat(output: string | undefined, format: string | undefined): Format {
  if (format !== undefined && !FORMATS.includes(format as Format)) {
    throw new KfpDefinitionError(`unknown format '${format}': use one of ${FORMATS.join(', ')}`, { field: 'format' });
  }
  if (output === undefined) return (format as Format | undefined) ?? 'mmd';
  const extension = extname(output).toLowerCase().slice(1);
  if (!FORMATS.includes(extension as Format)) {
    throw new KfpDefinitionError(`the output file '${output}' should end with ${FORMATS.map((f) => `.${f}`).join(', ')}`, { field: 'output' });
  }
  if (format !== undefined && format !== extension) {
    throw new KfpDefinitionError(`--format ${format} does not match the output file '${output}'`, { field: 'format' });
  }
  return extension as Format;
}

/** The compiled PipelineSpec: compiled from a module, or read from IR YAML. */
async function loadSpec(file: string, exportName: string | undefined): Promise<unknown> {
  const extension = extname(file).toLowerCase();
  if (MODULE_EXTENSIONS.includes(extension)) {
    const mod = await importUserModule(file);
    return compile(choosePipeline(file, mod, exportName), { onWarning: warn }).pipelineSpec;
  }
  if (!YAML_EXTENSIONS.includes(extension)) {
    throw new KfpDefinitionError(`cannot draw ${file}: give a pipeline .ts/.js file or a compiled .yaml file`);
  }
  if (exportName !== undefined) throw new KfpDefinitionError('--pipeline chooses among the exports of a .ts/.js file; a YAML file holds one pipeline', { field: 'pipeline' });
  return readIrYaml(file).pipelineSpec;
}
