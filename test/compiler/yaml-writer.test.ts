/**
 * The YAML writer: whatever it writes must read back as the same value, under YAML 1.2 and under YAML 1.1
 * (the KFP backend's reader), for every document of the corpus and for strings chosen to be awkward.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { writeYaml } from '../../packages/compiler/src/emit/yaml-writer.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = process.env.KFPTS_CORPUS ?? path.resolve(here, '../../../shared/kfp-corpus');

function readsBackAs(value: unknown): void {
  const text = writeYaml(value);
  expect(parse(text), text).toEqual(value);
  expect(parse(text, { version: '1.1' }), text).toEqual(value);
}

const awkward = [
  '', ' ', 'a', '-', '- x', '-c', '--flag=1', '?', ':', 'a: b', 'a:b', 'a #b', '#x', '&a', '*a', '!tag', '%x', '@x', '`x',
  '|', '>', "'", '"', "it's", '{', '}', '[x]', '{{$.inputs.parameters[\'x\']}}', 'x, y', '<<', '=', '~',
  'yes', 'No', 'ON', 'off', 'y', 'n', 'true', 'False', 'null', 'NULL', 'Infinity', 'NaN', '.inf', '-.Inf', '.nan',
  '1', '-1', '+1', '1.0', '.5', '1e3', '0x1F', '0o17', '0b101', '1_000', '1:20', '2001-12-14', '2.1.0', '0.0.1',
  '  lead', 'trail ', 'tab\there', '\ttab', 'ü', 'δ', '😀', '\u0085', '\u2028', '\u007f', '\ufeff', '\u0001', '\\',
  'a\nb', 'a\nb\n', 'a\nb\n\n', '\nlead', '\n\nlead\n', ' a\nb', 'a\n b\n', 'a\n \nb', 'a\r\nb', 'a\n\tb', '\ta\nb',
  'line  \nnext', 'x\n#y', 'x\n- y', 'a\u2028b\nc', 'multi\nline with "quotes" and \'apostrophes\'\n',
];

describe('writeYaml', () => {
  it('writes block style with sorted keys and sequences at their key\'s column', () => {
    const text = writeYaml({ b: [1, { w: 'two', v: [] }, ['m']], a: { empty: {}, text: 'plain words', flag: true, none: null } });
    expect(text).toBe(
      [
        'a:',
        '  empty: {}',
        '  flag: true',
        '  none: null',
        '  text: plain words',
        'b:',
        '- 1',
        '- v: []',
        '  w: two',
        '- - m',
        '',
      ].join('\n'),
    );
  });

  it('writes multi-line strings as literal blocks', () => {
    expect(writeYaml({ k: ['sh', 'line one\nline two\n'] })).toBe('k:\n- sh\n- |\n  line one\n  line two\n');
    expect(writeYaml({ k: 'a\n\nb' })).toBe('k: |-\n  a\n\n  b\n');
  });

  it.each(awkward.map((s) => [s]))('reads %j back as itself, as value and as key', (s) => {
    readsBackAs({ value: s, list: [s, { [s]: s }] });
  });

  it('reads random strings back as themselves', () => {
    // A small deterministic generator, so a failure is reproducible.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'ab0 :#-\'"\n\t{}[],&*!|>%@`?~.=+\\ü\u2028';
    for (let n = 0; n < 2000; n++) {
      const length = Math.floor(next() * 12);
      let s = '';
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(next() * alphabet.length)];
      readsBackAs({ [s]: [s] });
    }
  });

  it('reads numbers, booleans and nulls back as themselves', () => {
    readsBackAs({ ints: [0, 1, -7, 2 ** 40], floats: [0.5, -1.25, 0.536870912, 1e-7, 1.5e300], flags: [true, false], none: null });
  });

  it.skipIf(!fs.existsSync(corpus))('reads every corpus document back as the same value', () => {
    let documents = 0;
    for (const group of fs.readdirSync(corpus, { withFileTypes: true }).filter((e) => e.isDirectory())) {
      for (const file of fs.readdirSync(path.join(corpus, group.name)).filter((f) => f.endsWith('.yaml'))) {
        const parsed = parseAllDocuments(fs.readFileSync(path.join(corpus, group.name, file), 'utf8'));
        if (!Array.isArray(parsed) || parsed.some((d) => d.errors.length)) continue;
        for (const doc of parsed.map((d) => d.toJS())) {
          if (doc === null || doc === undefined) continue;
          const text = writeYaml(doc);
          expect(parse(text), `${group.name}/${file}`).toEqual(doc);
          expect(parse(text, { version: '1.1' }), `${group.name}/${file} as YAML 1.1`).toEqual(doc);
          documents++;
        }
      }
    }
    expect(documents).toBeGreaterThan(100);
  });
});
