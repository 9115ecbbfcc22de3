/**
 * Code frames under error messages: the user's source around the error, the offending line marked, a caret
 * under the column. The positions must be those of the TypeScript source (mapped back from what tsx runs),
 * and of the YAML for `validate` and `generate`. No stack traces; colour only when asked for.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { codeFrame, wantsColor } from '../../packages/compiler/src/cli/code-frame.js';
import { issuePositions, pathSegments } from '../../packages/compiler/src/cli/yaml-positions.js';
import { validateYamlText } from '../../packages/compiler/src/validate/validate.js';
import { fixture, hasStackTrace, kfpTsAsync, repoRoot, type CliResult } from './run-cli.js';

/** The marked line of the first frame in `text`: its number and text, and the column the caret is under. */
function shownFrame(text: string): { line: number; text: string; caretColumn: number } {
  const lines = text.split('\n');
  const marked = lines.findIndex((l) => /^> +\d+ \|/.test(l));
  expect(marked, `no code frame in:\n${text}`).toBeGreaterThanOrEqual(0);
  const m = /^> +(\d+) \| ?(.*)$/.exec(lines[marked])!;
  const caret = /^ +\| (.*)\^$/.exec(lines[marked + 1]);
  expect(caret, `no caret line under:\n${lines[marked]}`).not.toBeNull();
  return { line: Number(m[1]), text: m[2], caretColumn: caret![1].length + 1 };
}

/** Where `needle` is in a fixture (plus `offset` characters): 1-based line and column, and the whole line. */
function positionIn(name: string, needle: string, offset = 0): { line: number; column: number; text: string } {
  const lines = readFileSync(join(repoRoot, fixture(name)), 'utf8').split('\n');
  const index = lines.findIndex((l) => l.includes(needle));
  expect(index, `'${needle}' not in ${name}`).toBeGreaterThanOrEqual(0);
  return { line: index + 1, column: lines[index].indexOf(needle) + 1 + offset, text: lines[index] };
}

const ESC = '\x1b[';
const stripAnsi = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('codeFrame', () => {
  const source = ['one', 'two', '  three(4);', 'four', 'five', 'six'].join('\n');

  it('shows two lines around the line, numbered, with a caret under the column', () => {
    expect(codeFrame(source, 3, 3)).toBe(
      ['  1 | one', '  2 | two', '> 3 |   three(4);', '    |   ^', '  4 | four', '  5 | five'].join('\n'),
    );
  });

  it('pads the line numbers to the widest one', () => {
    const long = Array.from({ length: 12 }, (_, i) => `line ${i + 1}`).join('\n');
    expect(codeFrame(long, 10, 6)).toBe(
      ['   8 | line 8', '   9 | line 9', '> 10 | line 10', '     |      ^', '  11 | line 11', '  12 | line 12'].join('\n'),
    );
  });

  it('stops at the first and last line, and ignores the empty line after a final newline', () => {
    expect(codeFrame('only\n', 1, 1)).toBe(['> 1 | only', '    | ^'].join('\n'));
    expect(codeFrame('a\r\nb\r\n', 2, 1)).toBe(['  1 | a', '> 2 | b', '    | ^'].join('\n'));
  });

  it('puts the caret after the last character for a column past the end, and has no frame for a missing line', () => {
    expect(codeFrame('abc', 1, 40)).toBe(['> 1 | abc', '    |    ^'].join('\n'));
    expect(codeFrame(source, 7, 1)).toBeUndefined();
    expect(codeFrame(source, 0, 1)).toBeUndefined();
  });

  it('keeps tabs before the column in the caret line, so the caret lines up', () => {
    const frame = codeFrame('\t\tcall();', 1, 3)!;
    expect(frame.split('\n')[1]).toBe('    | \t\t^');
  });

  it('shows a window of a very long line, with the caret under the right character', () => {
    const line = `${'x'.repeat(300)}TARGET${'y'.repeat(300)}`;
    const frame = codeFrame(line, 1, 301)!;
    const [shown, caret] = frame.split('\n');
    expect(shown.length).toBeLessThan(140);
    expect(shown[caret.indexOf('^')]).toBe('T');
    expect(shown.slice(caret.indexOf('^'), caret.indexOf('^') + 6)).toBe('TARGET');
  });

  it('colours only when asked, and the colours change nothing else', () => {
    const plain = codeFrame(source, 3, 3)!;
    const colored = codeFrame(source, 3, 3, { color: true })!;
    expect(plain).not.toContain(ESC);
    expect(colored).toContain(ESC);
    expect(stripAnsi(colored)).toBe(plain);
  });

  it('wants colour on a terminal, never with NO_COLOR, and anywhere with FORCE_COLOR', () => {
    expect(wantsColor({ isTTY: true }, {})).toBe(true);
    expect(wantsColor({ isTTY: false }, {})).toBe(false);
    expect(wantsColor({}, {})).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(wantsColor({ isTTY: false }, { FORCE_COLOR: '1' })).toBe(true);
    expect(wantsColor({ isTTY: true }, { FORCE_COLOR: '0' })).toBe(true);
    expect(wantsColor({ isTTY: false }, { FORCE_COLOR: '0' })).toBe(false);
    expect(wantsColor({ isTTY: true }, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(false);
  });
});

describe('positions of validation issues in the YAML', () => {
  it('reads the field paths validation writes', () => {
    expect(pathSegments('root.dag.tasks["a.b"].inputs[0]')).toEqual(['root', 'dag', 'tasks', 'a.b', 'inputs', 0]);
    expect(pathSegments('deploymentSpec.executors.exec-a')).toEqual(['deploymentSpec', 'executors', 'exec-a']);
    expect(pathSegments('(document)')).toEqual([]);
    expect(pathSegments('root..dag')).toBeUndefined();
  });

  it('finds an unknown field at its key, a missing one at the mapping that lacks it, and a PlatformSpec field in the second document', () => {
    const text = [
      'pipelineInfo:',
      '  name: p',
      'root:',
      '  dag:',
      '    tasks:',
      '      a:',
      '        taskInfo: {name: a}',
      '        cachingOptions: {}',
      '        bogus: 1',
      'schemaVersion: 2.1.0',
      'sdkVersion: kfp-2.15.2',
      '---',
      'platforms:',
      '  kubernetes:',
      '    wrong: 1',
      '',
    ].join('\n');
    const issues = validateYamlText(text);
    const at = (path: string) => {
      const i = issues.findIndex((issue) => issue.path === path);
      expect(i, `no issue at ${path}: ${JSON.stringify(issues)}`).toBeGreaterThanOrEqual(0);
      return issuePositions(text, issues)[i];
    };
    expect(at('root.dag.tasks.a.bogus')).toEqual({ line: 9, column: 9 });
    // The task lacks componentRef: the frame points at the task.
    expect(at('root.dag.tasks.a.componentRef')).toEqual({ line: 6, column: 7 });
    expect(at('platforms.kubernetes.wrong')).toEqual({ line: 15, column: 5 });
  });

  it('has no position for a top-level field missing from the document as a whole', () => {
    const text = 'pipelineInfo:\n  name: p\nschemaVersion: 2.1.0\n';
    const issues = validateYamlText(text);
    const i = issues.findIndex((issue) => issue.path === 'root');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(issuePositions(text, issues)[i]).toBeUndefined();
  });

  it('uses the parse error position for invalid YAML', () => {
    const text = 'a: 1\nb: [1, 2\nc: 3\n';
    const issues = validateYamlText(text);
    expect(issues).toHaveLength(1);
    const [position] = issuePositions(text, issues);
    expect(position?.line).toBeGreaterThanOrEqual(2);
  });
});

describe('code frames printed by kfp-ts', () => {
  // The CLI runs are independent: they run together, and the tests check their output.
  const runs = {
    wrongWiring: ['compile', fixture('wrong-wiring.ts')],
    missingInput: ['compile', fixture('missing-input.ts')],
    unknownInput: ['compile', fixture('unknown-input.ts')],
    taskMethod: ['compile', fixture('invalid-quantity.ts')],
    syntax: ['compile', fixture('syntax-error.ts')],
    throwsAtLoad: ['compile', fixture('throws-at-load.ts')],
    throwsInBody: ['compile', fixture('throws-in-body.ts')],
    missingImport: ['compile', fixture('missing-import.ts')],
    badComponent: ['generate', fixture('bad-component.yaml')],
    brokenYaml: ['validate', fixture('broken-syntax.yaml')],
    invalidSpec: ['validate', fixture('invalid-spec.yaml')],
  } satisfies Record<string, string[]>;
  const results = {} as Record<keyof typeof runs, CliResult>;
  let forcedColor: CliResult;
  let pipedNoColorSet: CliResult;
  let bothColorVariables: CliResult;

  beforeAll(async () => {
    const names = Object.keys(runs) as (keyof typeof runs)[];
    const colorRun = (env: Record<string, string | undefined>) => kfpTsAsync(runs.taskMethod, env);
    const [all, forced, piped, both] = await Promise.all([
      Promise.all(names.map((name) => kfpTsAsync(runs[name]))),
      colorRun({ NO_COLOR: undefined, FORCE_COLOR: '1' }),
      colorRun({ NO_COLOR: undefined, FORCE_COLOR: undefined }),
      colorRun({ NO_COLOR: '1', FORCE_COLOR: '1' }),
    ]);
    names.forEach((name, i) => (results[name] = all[i]));
    [forcedColor, pipedNoColorSet, bothColorVariables] = [forced, piped, both];
  }, 120_000);

  /** A failed run: exit code 1, nothing on standard output, no stack trace, no colour (NO_COLOR is set). */
  function failed(name: keyof typeof runs): string {
    const r = results[name];
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(hasStackTrace(r.stderr)).toBe(false);
    expect(r.stderr).not.toContain(ESC);
    return r.stderr;
  }

  /** The error message names `file:line:column` and the frame shows that line with the caret at that column. */
  function expectFrameAt(stderr: string, name: string, needle: string, offset = 0): void {
    const expected = positionIn(name, needle, offset);
    expect(stderr).toContain(`${name}:${expected.line}:${expected.column})\n`);
    expect(shownFrame(stderr)).toEqual({ line: expected.line, text: expected.text, caretColumn: expected.column });
  }

  it('points at the task a wrong wiring is made in, through the TypeScript source map', () => {
    const stderr = failed('wrongWiring');
    expect(stderr).toMatch(/^error: pipeline 'wrong-wiring', task 'consume', field 'count': an artifact .* cannot feed a parameter input/);
    expectFrameAt(stderr, 'wrong-wiring.ts', 'consume({ count })');
  });

  it('points at the call that misses a required input', () => {
    const stderr = failed('missingInput');
    expect(stderr).toContain("missing required input 'rows'");
    expectFrameAt(stderr, 'missing-input.ts', "report(args).setDisplayName('weekly report')");
  });

  it('points at the call that passes an unknown input', () => {
    const stderr = failed('unknownInput');
    expect(stderr).toContain("component 'resize' has no input 'hieght'");
    expectFrameAt(stderr, 'unknown-input.ts', 'resize(sizes');
  });

  it('points at the task method given a bad argument, in a chain of calls', () => {
    const stderr = failed('taskMethod');
    expectFrameAt(stderr, 'invalid-quantity.ts', "setMemoryLimit('lots')");
    // Two lines of context each side.
    expect(stderr).toContain("  12 |     .setCpuLimit('1')\n");
    expect(stderr).toContain('  14 | });\n');
  });

  it('points at a TypeScript syntax error, counting columns from 1', () => {
    const stderr = failed('syntax');
    expect(stderr).toMatch(/^error: cannot compile TypeScript: /);
    // At the ';' of `{;`.
    expectFrameAt(stderr, 'syntax-error.ts', '{;', 1);
  });

  it('points at the line that threw while the module loaded', () => {
    const stderr = failed('throwsAtLoad');
    expect(stderr).toMatch(/^error: settings file settings\.json is missing \(at /);
    expectFrameAt(stderr, 'throws-at-load.ts', "new Error('settings");
  });

  it("points at the line of the user's helper that threw in a pipeline body, tab-indented", () => {
    const stderr = failed('throwsInBody');
    expect(stderr).toMatch(/^error: threshold 'high' is not a number \(at /);
    expectFrameAt(stderr, 'throws-in-body.ts', 'new RangeError');
  });

  it('points at the import of a module that does not exist', () => {
    const stderr = failed('missingImport');
    expect(stderr).toMatch(/^error: Cannot find module '.*steps\/no-such-module\.js' imported from /);
    const expected = positionIn('missing-import.ts', "'./steps/no-such-module.js'");
    expect(shownFrame(stderr)).toEqual({ line: expected.line, text: expected.text, caretColumn: expected.column });
  });

  it('points into a component YAML that generate cannot load', () => {
    const stderr = failed('badComponent');
    expect(stderr).toContain("inputs[1].default: 'many' is not an integer");
    expectFrameAt(stderr, 'bad-component.yaml', 'many');
  });

  it('shows where validate found invalid YAML', () => {
    const r = results.brokenYaml;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^test\/cli\/fixtures\/broken-syntax\.yaml: not valid YAML: .* at line 3, column 1\n/);
    expect(shownFrame(r.stderr)).toEqual({ line: 3, text: 'schemaVersion: 2.1.0', caretColumn: 1 });
  });

  it('shows the field each schema problem is about, after its line', () => {
    const r = results.invalidSpec;
    expect(r.code).toBe(1);
    const unknownField = r.stderr.slice(r.stderr.indexOf("unknown field 'cpuCores'"));
    const expected = positionIn('invalid-spec.yaml', 'cpuCores');
    expect(shownFrame(unknownField)).toEqual({ line: expected.line, text: expected.text, caretColumn: expected.column });
    // The missing top-level field has no line of its own: its message is followed by the next problem or the end.
    const missingRoot = r.stderr.split('\n').findIndex((l) => l.endsWith("missing required field 'root'"));
    expect(r.stderr.split('\n')[missingRoot + 1] ?? '').not.toMatch(/^[> ] +\d+ \|/);
    expect(hasStackTrace(r.stderr)).toBe(false);
  });

  it('colours the frame with FORCE_COLOR, not on a pipe, and never with NO_COLOR', () => {
    expect(forcedColor.code).toBe(1);
    expect(forcedColor.stderr).toContain(ESC);
    expect(stripAnsi(forcedColor.stderr)).toBe(results.taskMethod.stderr);
    for (const r of [pipedNoColorSet, bothColorVariables]) {
      expect(r.code).toBe(1);
      expect(r.stderr).not.toContain(ESC);
      expect(r.stderr).toBe(results.taskMethod.stderr);
    }
  });
});
