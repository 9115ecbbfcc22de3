/**
 * Finds the TypeScript examples of the documentation: fenced code blocks of the Markdown pages and the
 * `@example` sections of TSDoc comments. Each example remembers where it came from, so that an error in
 * it can be reported at the line a reader sees.
 *
 * Conventions a page can use (all invisible in rendered Markdown):
 * - ```` ```ts no-check ```` — a block that is not meant to compile (a schema listing, elided code).
 * - ```` ```ts file=components.ts ```` — the block is that file; blocks of one page share a folder, so
 *   `import … from './components.js'` in another block finds it. Non-TypeScript blocks with `file=` (a
 *   `.py` function, a component YAML) are written too, for examples that read them.
 * - `<!-- ts-setup … -->` — declarations that the TypeScript blocks after it may use without showing
 *   them (a component the fragment calls, a `task` to call methods on). A block gets each setup
 *   declaration whose name it does not declare itself.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Where a line of an example comes from: a file (relative to the repository) and a 1-based line. */
export interface Origin {
  file: string;
  line: number;
}

/** An example, ready to be written to `fileName` inside the folder of its `group`. */
export interface Example {
  /** Examples of one group share a folder (one Markdown page, or all TSDoc examples). */
  group: string;
  fileName: string;
  /** The text to write. */
  text: string;
  /** For each line of `text`, where it comes from. */
  origins: Origin[];
  /** TypeScript to type-check (and run when it exports something); false for data files. */
  typescript: boolean;
  /** How to name the example in messages. */
  label: string;
}

const FENCE_OPEN = /^(\s*)```(\S*)(.*)$/;
const FENCE_CLOSE = /^\s*```\s*$/;
const TS_LANGUAGES = new Set(['ts', 'typescript']);

/** The fenced code blocks and setup of one Markdown page. */
export function markdownExamples(root: string, path: string): Example[] {
  const file = relative(root, path);
  const group = file.replace(/\.md$/, '').replace(/[^A-Za-z0-9_-]+/g, '_');
  const lines = readFileSync(path, 'utf8').split('\n');
  const examples: Example[] = [];
  let setup: { text: string; origins: Origin[] } | undefined;
  let unnamed = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() === '<!-- ts-setup') {
      const start = i + 1;
      while (i < lines.length && lines[i].trim() !== '-->') i++;
      const body = lines.slice(start, i);
      setup = { text: body.join('\n'), origins: body.map((_, k) => ({ file, line: start + k + 1 })) };
      continue;
    }
    const open = FENCE_OPEN.exec(lines[i]);
    if (!open) continue;
    const [, indent, language, rest] = open;
    const attributes = rest.trim().split(/\s+/).filter(Boolean);
    const start = i + 1;
    do i++;
    while (i < lines.length && !FENCE_CLOSE.test(lines[i]));
    const body = lines.slice(start, i).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l));
    const origins = body.map((_, k) => ({ file, line: start + k + 1 }));
    const named = attributes.find((a) => a.startsWith('file='))?.slice('file='.length);
    const isTs = TS_LANGUAGES.has(language);
    if (isTs && attributes.includes('no-check')) continue;
    if (!isTs && !named) continue;
    const fileName = named ?? `block-${String(++unnamed).padStart(2, '0')}.ts`;
    const label = `${file}:${start} (${named ? named : `block ${unnamed}`})`;
    if (isTs && setup) {
      const withSetup = prependSetup(setup, body.join('\n'), origins);
      examples.push({ group, fileName, text: withSetup.text, origins: withSetup.origins, typescript: true, label });
    } else {
      examples.push({ group, fileName, text: body.join('\n'), origins, typescript: isTs, label });
    }
  }
  return examples;
}

/** The `@example` sections of the TSDoc comments in the `.ts` files under `dir`. */
export function tsdocExamples(root: string, dir: string): Example[] {
  const examples: Example[] = [];
  for (const path of tsFiles(dir)) {
    const file = relative(root, path);
    const lines = readFileSync(path, 'utf8').split('\n');
    let inComment = false;
    let example: { start: number; body: string[]; origins: Origin[] } | undefined;
    const finish = () => {
      if (!example) return;
      let { body, origins } = example;
      // An example may be fenced; then the fence's content is the code.
      const fenceStart = body.findIndex((l) => FENCE_OPEN.test(l));
      if (fenceStart >= 0) {
        const fenceEnd = body.findIndex((l, k) => k > fenceStart && FENCE_CLOSE.test(l));
        body = body.slice(fenceStart + 1, fenceEnd < 0 ? undefined : fenceEnd);
        origins = origins.slice(fenceStart + 1, fenceEnd < 0 ? undefined : fenceEnd);
      }
      const name = `${file.replace(/^packages\//, '').replace(/\.ts$/, '').replace(/[^A-Za-z0-9_-]+/g, '_')}-${example.start}.ts`;
      examples.push({ group: 'tsdoc', fileName: name, text: body.join('\n'), origins, typescript: true, label: `${file}:${example.start} (@example)` });
      example = undefined;
    };
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i];
      if (!inComment && line.trim().startsWith('/**')) inComment = true;
      if (!inComment) continue;
      const ends = line.includes('*/');
      const text = line
        .replace(/^\s*\/\*\*\s?/, '')
        .replace(/\s*\*\/\s*$/, '')
        .replace(/^\s*\*( |$)/, '');
      if (/^\s*@example\b/.test(text)) {
        finish();
        example = { start: i + 1, body: [], origins: [] };
      } else if (/^\s*@\w+/.test(text)) {
        finish();
      } else if (example && !(ends && text.trim() === '')) {
        example.body.push(text);
        example.origins.push({ file, line: i + 1 });
      }
      if (ends) {
        finish();
        inComment = false;
      }
    }
  }
  return examples;
}

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** The setup declarations a block does not make itself, followed by the block. */
function prependSetup(setup: { text: string; origins: Origin[] }, block: string, blockOrigins: Origin[]) {
  const own = declaredNames(parse(block));
  const setupFile = parse(setup.text);
  const kept: { text: string; origins: Origin[] }[] = [];
  for (const statement of setupFile.statements) {
    const text = keptPart(statement, setupFile, own);
    if (text === undefined) continue;
    const firstLine = setupFile.getLineAndCharacterOfPosition(statement.getStart(setupFile)).line;
    const lines = text.split('\n');
    kept.push({ text, origins: lines.map((_, k) => setup.origins[Math.min(firstLine + k, setup.origins.length - 1)]) });
  }
  return {
    text: [...kept.map((k) => k.text), block].join('\n'),
    origins: [...kept.flatMap((k) => k.origins), ...blockOrigins],
  };
}

function parse(text: string): ts.SourceFile {
  return ts.createSourceFile('example.ts', text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

/** The names a statement declares at the top level of its module. */
function namesOf(statement: ts.Statement): string[] {
  if (ts.isImportDeclaration(statement)) {
    const clause = statement.importClause;
    if (!clause) return [];
    const names = clause.name ? [clause.name.text] : [];
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) names.push(...bindings.elements.map((e) => e.name.text));
    return names;
  }
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : []));
  }
  if (
    ts.isFunctionDeclaration(statement) ||
    ts.isClassDeclaration(statement) ||
    ts.isInterfaceDeclaration(statement) ||
    ts.isTypeAliasDeclaration(statement) ||
    ts.isEnumDeclaration(statement)
  ) {
    return statement.name ? [statement.name.text] : [];
  }
  return [];
}

function declaredNames(file: ts.SourceFile): Set<string> {
  return new Set(file.statements.flatMap(namesOf));
}

/** The statement's text without what `taken` already names; undefined when nothing is left. */
function keptPart(statement: ts.Statement, file: ts.SourceFile, taken: Set<string>): string | undefined {
  const text = statement.getText(file);
  const clause = ts.isImportDeclaration(statement) ? statement.importClause : undefined;
  const bindings = clause?.namedBindings;
  if (ts.isImportDeclaration(statement) && clause && !clause.name && bindings && ts.isNamedImports(bindings)) {
    const left = bindings.elements.filter((e) => !taken.has(e.name.text));
    if (left.length === 0) return undefined;
    if (left.length === bindings.elements.length) return text;
    const typeOnly = clause.isTypeOnly ? 'type ' : '';
    return `import ${typeOnly}{ ${left.map((e) => e.getText(file)).join(', ')} } from ${statement.moduleSpecifier.getText(file)};`;
  }
  return namesOf(statement).some((n) => taken.has(n)) ? undefined : text;
}
