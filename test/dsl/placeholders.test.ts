/**
 * Container command lines: how placeholders render (as the Python SDK renders them) and which mistakes are
 * refused when the component is declared.
 */
import { describe, expect, it } from 'vitest';
import { concat, containerComponent, ifPresent, importer, InputValuePlaceholder, isKfpDefinitionError, pipeline, t } from '@kfp-ts/dsl';

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isKfpDefinitionError(e)) return e.message;
    throw e;
  }
  throw new Error('no error');
}

const commandOf = (c: { spec: { implementation: unknown } }) =>
  (c.spec.implementation as { container: { command?: string[] } }).container.command;

describe('ifPresent', () => {
  const inputs = { x: t.string().optionalInput(), a: t.dataset().optionalInput() };

  it('keeps a single element single and a list a list', () => {
    const c = containerComponent({
      name: 'c',
      inputs,
      image: 'alpine',
      command: ({ inputs }) => [ifPresent(inputs.x, inputs.x, ['none']), ifPresent(inputs.a, [inputs.a.uri])],
    });
    expect(commandOf(c)).toEqual([
      `{"IfPresent": {"InputName": "x", "Then": "{{$.inputs.parameters['x']}}", "Else": ["none"]}}`,
      `{"IfPresent": {"InputName": "a", "Then": ["{{$.inputs.artifacts['a'].uri}}"]}}`,
    ]);
  });

  it('leaves out an empty alternative', () => {
    const c = containerComponent({ name: 'c', inputs, image: 'alpine', command: ({ inputs }) => [ifPresent(inputs.x, ['--x', inputs.x], [])] });
    expect(commandOf(c)).toEqual([`{"IfPresent": {"InputName": "x", "Then": ["--x", "{{$.inputs.parameters['x']}}"]}}`]);
  });

  it('nests in concat with single elements', () => {
    const c = containerComponent({
      name: 'c',
      inputs,
      image: 'alpine',
      command: ({ inputs }) => [concat('--x=', ifPresent(inputs.x, inputs.x, 'default'))],
    });
    expect(commandOf(c)).toEqual([
      `{"Concat": ["--x=", {"IfPresent": {"InputName": "x", "Then": "{{$.inputs.parameters['x']}}", "Else": "default"}}]}`,
    ]);
  });

  it('refuses lists inside concat', () => {
    expect(errorOf(() => concat('--x=', ifPresent('x', ['a', 'b'])))).toBe(
      "ifPresent('x', …) inside concat(...) must have single elements, not lists, as its alternatives",
    );
    expect(errorOf(() => concat(ifPresent('x', ifPresent('y', ['a']))))).toBe(
      "ifPresent('y', …) inside concat(...) must have single elements, not lists, as its alternatives",
    );
  });

  it('refuses an input the component does not declare', () => {
    expect(errorOf(() => containerComponent({ name: 'c', inputs, image: 'alpine', command: [ifPresent('y', ['a'])] }))).toBe(
      "ifPresent refers to input 'y', which the component does not declare",
    );
  });
});

describe('command-line checks', () => {
  it('refuses concat and ifPresent inside template literals', () => {
    expect(errorOf(() => `${concat('a', 'b')}`)).toBe(
      'concat(...) cannot be used inside a template literal; put the surrounding text into the concat instead',
    );
    expect(errorOf(() => `${ifPresent('x', 'a')}`)).toBe(
      "ifPresent('x', …) cannot be used inside a template literal; use it as its own command-line element",
    );
  });

  it('refuses placeholders of inputs and outputs the component does not declare', () => {
    const other = new InputValuePlaceholder('rows');
    expect(errorOf(() => containerComponent({ name: 'c', inputs: { n: t.integer() }, image: 'alpine', command: ['run', `--rows=${other}`] }))).toBe(
      "the command line refers to input 'rows', which the component does not declare (its inputs: n)",
    );
    expect(errorOf(() => containerComponent({ name: 'c', image: 'alpine', command: ["{{$.outputs.artifacts['model'].path}}"] }))).toBe(
      "the command line refers to output 'model', which the component does not declare (it has no outputs)",
    );
  });

  it('refuses a placeholder of the wrong kind', () => {
    expect(
      errorOf(() => containerComponent({ name: 'c', inputs: { d: t.dataset() }, image: 'alpine', command: ["{{$.inputs.parameters['d']}}"] })),
    ).toBe("the command line uses artifact input 'd' as a parameter; use its .path, .uri or .metadata");
  });

  it('refuses an artifact used without .path, .uri or .metadata', () => {
    expect(
      errorOf(() => containerComponent({ name: 'c', inputs: { d: t.dataset() }, image: 'alpine', command: ({ inputs }) => [`--d=${inputs.d}`] })),
    ).toBe("artifact input 'd' must be used as .path, .uri or .metadata in a command line");
  });

  it('refuses elements that are neither strings nor placeholders', () => {
    expect(errorOf(() => containerComponent({ name: 'c', image: 'alpine', command: ['sleep', 5 as unknown as string] }))).toBe(
      'a command-line element must be a string or a placeholder, got number 5',
    );
  });
});

describe('importer', () => {
  it('refuses a URI built from a template literal with pipeline values', () => {
    expect(
      errorOf(() =>
        pipeline({ name: 'p', inputs: { bucket: t.string() } }, ({ bucket }) => {
          importer({ artifactUri: `gs://${bucket}/data.csv`, artifactClass: t.dataset() });
        }),
      ),
    ).toBe(
      'importer artifactUri cannot be a template literal with pipeline values in it; build the URI in a component and pass its output, or pass a pipeline parameter',
    );
  });
});
