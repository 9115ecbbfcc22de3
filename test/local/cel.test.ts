/**
 * The CEL subset of trigger conditions and parameter selectors: the expressions the compiler writes (and
 * every condition of the KFP corpus) evaluate as the KFP driver evaluates them; bad expressions fail with a
 * message that says why.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { CelError, evaluateCel } from '../../packages/compiler/src/local/cel.js';
import { conditionHolds, selectFromParameter } from '../../packages/compiler/src/local/conditions.js';
import { corpusDir } from '../conformance/corpus.js';

const p = (name: string) => `inputs.parameter_values['pipelinechannel--${name}']`;

describe('trigger conditions', () => {
  it('compares strings, booleans and numbers as the compiler writes them', () => {
    expect(conditionHolds(`${p('coin')} == 'heads'`, { 'pipelinechannel--coin': 'heads' })).toBe(true);
    expect(conditionHolds(`${p('coin')} == 'heads'`, { 'pipelinechannel--coin': 'tails' })).toBe(false);
    expect(conditionHolds(`${p('pick')} == true`, { 'pipelinechannel--pick': true })).toBe(true);
    expect(conditionHolds(`!(${p('pick')} == true)`, { 'pipelinechannel--pick': true })).toBe(false);
    // Numbers arrive as doubles; int() truncates them, as CEL does.
    expect(conditionHolds(`int(${p('n')}) > 5`, { 'pipelinechannel--n': 7 })).toBe(true);
    expect(conditionHolds(`int(${p('n')}) > 5`, { 'pipelinechannel--n': 5.9 })).toBe(false);
    expect(conditionHolds(`int(${p('n')}) >= int(${p('m')})`, { 'pipelinechannel--n': 3, 'pipelinechannel--m': 3 })).toBe(true);
    expect(conditionHolds(`double(${p('x')}) < 0.5`, { 'pipelinechannel--x': 0.25 })).toBe(true);
    expect(conditionHolds(`${p('x')} >= ${p('y')}`, { 'pipelinechannel--x': 0.8, 'pipelinechannel--y': 0.8 })).toBe(true);
    // A number compared as text (a loop item declared STRING).
    expect(conditionHolds(`${p('item')} == '1'`, { 'pipelinechannel--item': '1' })).toBe(true);
    // int() also reads integer text.
    expect(conditionHolds(`int(${p('n')}) == 12`, { 'pipelinechannel--n': '12' })).toBe(true);
  });

  it('chains branches with && and negation, and respects precedence', () => {
    const elif = `!(int(${p('n')}) < 5000) && int(${p('n')}) > 5000`;
    expect(conditionHolds(elif, { 'pipelinechannel--n': 6000 })).toBe(true);
    expect(conditionHolds(elif, { 'pipelinechannel--n': 10 })).toBe(false);
    expect(conditionHolds(elif, { 'pipelinechannel--n': 5000 })).toBe(false);
    expect(evaluateCel('true || false && false', {})).toBe(true);
    expect(evaluateCel('(true || false) && false', {})).toBe(false);
    expect(evaluateCel('1 + 2 * 3 == 7', {})).toBe(true);
    expect(evaluateCel("'a' + 'b' == 'ab' ? 'yes' : 'no'", {})).toBe('yes');
  });

  it('compares integers and doubles by value, values of other types never equal', () => {
    expect(evaluateCel('1 == 1.0', {})).toBe(true);
    expect(evaluateCel('2 < 2.5', {})).toBe(true);
    expect(evaluateCel("1 == '1'", {})).toBe(false);
    expect(evaluateCel('[1, 2] == [1, 2.0]', {})).toBe(true);
    expect(evaluateCel("{'a': 1} == {'a': 1}", {})).toBe(true);
    expect(evaluateCel('null == null', {})).toBe(true);
    expect(evaluateCel("string(1.5) == '1.5' && string(3) == '3'", {})).toBe(true);
    expect(evaluateCel("size('abc') == 3 && 'b' in ['a', 'b'] && 'abc'.startsWith('ab')", {})).toBe(true);
  });

  it('fails with the reason on a malformed expression or a value of the wrong type', () => {
    const fails = (expr: string, values: Record<string, unknown> = {}) => {
      try {
        conditionHolds(expr, values);
      } catch (e) {
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(fails(`${p('a')} ==`)).toMatch(/unexpected end of expression/);
    expect(fails("'open")).toMatch(/unterminated string/);
    expect(fails(`${p('a')} == 'x'`)).toBe('no such key: "pipelinechannel--a"');
    expect(fails(`${p('a')} < 1`, { 'pipelinechannel--a': 'x' })).toBe("cannot compare string and int with '<'");
    expect(fails(`int(${p('a')}) > 1`, { 'pipelinechannel--a': 'many' })).toBe("int(): 'many' is not an integer");
    expect(fails(`frobnicate(${p('a')})`, { 'pipelinechannel--a': 1 })).toBe("unknown function 'frobnicate'");
    expect(fails(p('a'), { 'pipelinechannel--a': 'yes' })).toBe('the condition gives "yes", not true or false');
    expect(fails('1 / 0')).toBe('division by zero');
    expect(() => evaluateCel('a', {})).toThrow(CelError);
  });
});

describe('parameter selectors', () => {
  it('reads a field of a loop item, given as an object or as JSON text', () => {
    const item = { A_a: 'heads', B_b: ['x', 'y'], n: 3 };
    expect(selectFromParameter(item, 'parseJson(string_value)["A_a"]')).toBe('heads');
    expect(selectFromParameter(JSON.stringify(item), 'parseJson(string_value)["B_b"]')).toEqual(['x', 'y']);
    expect(selectFromParameter(item, 'struct_value.n')).toBe(3);
    expect(selectFromParameter([10, 20], 'list_value[1]')).toBe(20);
    expect(selectFromParameter(4, 'int(number_value) * 2')).toBe(8);
  });

  it('fails when the field is missing or the value is not JSON', () => {
    expect(() => selectFromParameter({ a: 1 }, 'parseJson(string_value)["b"]')).toThrow('no such key: "b"');
    expect(() => selectFromParameter('not json', 'parseJson(string_value)["a"]')).toThrow(/parseJson\(\): not valid JSON/);
  });
});

/** Every file under `dir` ending in .yaml. */
function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? yamlFiles(path) : name.endsWith('.yaml') ? [path] : [];
  });
}

/** The trigger conditions and selectors of a pipeline document, with the input types of each condition's task. */
function expressionsOf(spec: Record<string, any>): { conditions: { expr: string; types: Record<string, string> }[]; selectors: string[] } {
  const conditions: { expr: string; types: Record<string, string> }[] = [];
  const selectors: string[] = [];
  const components = { ...(spec.components ?? {}), root: spec.root };
  for (const component of Object.values<any>(components)) {
    for (const task of Object.values<any>(component?.dag?.tasks ?? {})) {
      const condition = task.triggerPolicy?.condition;
      if (condition) {
        const inputs = spec.components[task.componentRef.name]?.inputDefinitions?.parameters ?? {};
        conditions.push({ expr: condition, types: Object.fromEntries(Object.entries<any>(inputs).map(([k, v]) => [k, v.parameterType])) });
      }
      for (const input of Object.values<any>(task.inputs?.parameters ?? {})) if (input.parameterExpressionSelector) selectors.push(input.parameterExpressionSelector);
    }
  }
  return { conditions, selectors };
}

const SAMPLE: Record<string, unknown> = { STRING: 'heads', NUMBER_INTEGER: 3, NUMBER_DOUBLE: 0.5, BOOLEAN: true, LIST: [1], STRUCT: { a: 1 } };

describe('the KFP corpus', () => {
  const documents = yamlFiles(corpusDir).map((file) => ({ file, spec: parseAllDocuments(readFileSync(file, 'utf8'))[0]?.toJS() as Record<string, any> }));
  const all = documents.flatMap(({ file, spec }) => (spec?.root ? expressionsOf(spec).conditions.map((c) => ({ file, ...c })) : []));

  it('has conditions to check', () => {
    expect(all.length).toBeGreaterThan(40);
  });

  it('evaluates every trigger condition to true or false with values of the inputs\' declared types', () => {
    const failures: string[] = [];
    for (const { file, expr, types } of all) {
      const values = Object.fromEntries(Object.entries(types).map(([name, type]) => [name, SAMPLE[type] ?? 'x']));
      try {
        conditionHolds(expr, values);
      } catch (e) {
        failures.push(`${file}: ${expr}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('applies every parameter selector to an item that has the field', () => {
    const selectors = [...new Set(documents.flatMap(({ spec }) => (spec?.root ? expressionsOf(spec).selectors : [])))];
    expect(selectors.length).toBeGreaterThan(0);
    for (const selector of selectors) {
      const field = /\["([^"]+)"\]/.exec(selector)![1];
      expect(selectFromParameter({ [field]: 'value' }, selector), selector).toBe('value');
    }
  });
});
