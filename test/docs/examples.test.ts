/**
 * The documentation's examples are real code: every TypeScript block of the Markdown pages (docs/*.md and
 * README.md) and every `@example` of the DSL's and compiler's TSDoc type-checks against the actual API,
 * in one TypeScript program with the repository's compiler options; and every pipeline a block exports
 * compiles. Conventions for pages are described in code-blocks.ts.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isKfpDefinitionError, isPipeline, KfpDefinitionError } from '@kfp-ts/dsl';
import { compile } from '@kfp-ts/compiler';
import { markdownExamples, tsdocExamples, type Example } from './code-blocks.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
/** Inside the repository, so that the examples resolve `@kfp-ts/*` and npm packages as user code would. */
const outDir = join(root, '.docs-examples', `run-${process.pid}`);

const pages = [
  join(root, 'README.md'),
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => join(root, 'docs', f)),
];
const examples: Example[] = [
  ...pages.flatMap((p) => markdownExamples(root, p)),
  ...tsdocExamples(root, join(root, 'packages/dsl/src')),
  ...tsdocExamples(root, join(root, 'packages/compiler/src')),
];
const pathOf = (e: Example) => join(outDir, e.group, e.fileName);

beforeAll(() => {
  for (const e of examples) {
    mkdirSync(dirname(pathOf(e)), { recursive: true });
    writeFileSync(pathOf(e), e.text + '\n');
  }
});

afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  // The parent stays while another run (another process) still uses it.
  if (readdirSync(dirname(outDir)).length === 0) rmSync(dirname(outDir), { recursive: true, force: true });
});

/** The repository's compiler options (strict, paths to the package sources), without emitting. */
function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('cannot read tsconfig.json');
  return { ...parsed.options, noEmit: true };
}

/** A diagnostic as `docs/page.md:12:5: message`, at the line of the page (or TSDoc comment) it comes from. */
function describeDiagnostic(d: ts.Diagnostic, byPath: Map<string, Example>): string {
  const message = ts.flattenDiagnosticMessageText(d.messageText, '\n  ');
  const example = d.file && byPath.get(d.file.fileName);
  if (!d.file || d.start === undefined) return message;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  if (!example) return `${relative(root, d.file.fileName)}:${line + 1}:${character + 1}: ${message}`;
  const origin = example.origins[line] ?? example.origins[example.origins.length - 1];
  return `${origin.file}:${origin.line}:${character + 1} in ${example.label}: ${message}`;
}

/** A definition error raised by an example's line, reported at the line of the page it comes from. */
function atExampleLine(e: unknown): unknown {
  if (!isKfpDefinitionError(e) || !e.context.location) return e;
  const { file, line, column } = e.context.location;
  const example = examples.find((x) => pathOf(x) === file);
  if (!example) return e;
  const origin = example.origins[line - 1] ?? example.origins[example.origins.length - 1];
  const where = new KfpDefinitionError(e.message, { ...e.context, location: undefined }).describe();
  return new Error(`${origin.file}:${origin.line}:${column} in ${example.label}: ${where}`, { cause: e });
}

describe('documentation examples', () => {
  it('finds the examples', () => {
    expect(examples.filter((e) => e.typescript).length).toBeGreaterThan(40);
    const paths = examples.map(pathOf);
    expect(paths.filter((p, i) => paths.indexOf(p) !== i), 'two blocks of a page name the same file').toEqual([]);
    for (const page of ['getting-started', 'components', 'control-flow', 'gpus-and-kubernetes', 'migrating-from-python']) {
      expect(examples.some((e) => e.group === `docs_${page}`), `docs/${page}.md has TypeScript examples`).toBe(true);
    }
  });

  it('type-check against the API', () => {
    const typescript = examples.filter((e) => e.typescript);
    const byPath = new Map(typescript.map((e) => [pathOf(e), e]));
    const program = ts.createProgram({ rootNames: [...byPath.keys()], options: compilerOptions() });
    const problems: string[] = [];
    for (const path of byPath.keys()) {
      const file = program.getSourceFile(path);
      if (!file) {
        problems.push(`${byPath.get(path)!.label}: not part of the program`);
        continue;
      }
      const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
      problems.push(...diagnostics.map((d) => describeDiagnostic(d, byPath)));
    }
    expect(problems, problems.join('\n')).toEqual([]);
  }, 120_000);

  // Blocks that export something are modules a user would load: they must run, and their pipelines compile.
  const exporting = examples.filter((e) => e.typescript && /^export\s/m.test(e.text));
  it.each(exporting.map((e) => [e.label, e] as const))('%s runs and its pipelines compile', async (_label, example) => {
    try {
      const module = (await import(pathToFileURL(pathOf(example)).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (!isPipeline(value)) continue;
        const compiled = compile(value);
        expect(compiled.pipelineSpec.pipelineInfo.name, `export '${name}'`).toBeTruthy();
      }
    } catch (e) {
      throw atExampleLine(e);
    }
  });
});
