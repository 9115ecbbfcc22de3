/**
 * The descriptions a component's YAML gives its inputs, outputs and itself. The loader keeps only what the
 * compiler needs, so the generated module's documentation reads them from the YAML text.
 */
import { parseAllDocuments } from 'yaml';
import type { ComponentSpec } from '@kfp-ts/dsl';

export interface YamlDescriptions {
  readonly component?: string;
  readonly inputs: ReadonlyMap<string, string>;
  readonly outputs: ReadonlyMap<string, string>;
}

type Mapping = Record<string, unknown>;
const isMapping = (value: unknown): value is Mapping => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads the descriptions of an already loaded (hence well-formed) component YAML. */
export function readDescriptions(text: string, spec: ComponentSpec): YamlDescriptions {
  const doc: unknown = parseAllDocuments(text)[0]?.toJS();
  if (!isMapping(doc)) return { inputs: new Map(), outputs: new Map() };
  return 'implementation' in doc ? fromV1(doc, spec) : fromIr(doc, text, spec);
}

/** v1 ports are a list in the order the loader keeps, under names it may have rewritten: match by position. */
function fromV1(doc: Mapping, spec: ComponentSpec): YamlDescriptions {
  const ports = (list: unknown, names: string[]): Map<string, string> => {
    const found = new Map<string, string>();
    if (!Array.isArray(list)) return found;
    list.forEach((entry, index) => {
      if (isMapping(entry) && typeof entry.description === 'string' && names[index] !== undefined) found.set(names[index], entry.description);
    });
    return found;
  };
  return {
    ...(spec.description !== undefined ? { component: spec.description } : {}),
    inputs: ports(doc.inputs, Object.keys(spec.inputs)),
    outputs: ports(doc.outputs, Object.keys(spec.outputs)),
  };
}

/** IR: the component's own spec when the YAML is one compiled component, else the pipeline's root. */
function fromIr(doc: Mapping, text: string, spec: ComponentSpec): YamlDescriptions {
  const components = isMapping(doc.components) ? doc.components : {};
  const key = `comp-${spec.name.toLowerCase().replace(/[^-0-9a-z]+/g, '-').replace(/-+/g, '-').replace(/^-+|-+$/g, '')}`;
  const iface = isMapping(components[key]) ? components[key] : isMapping(doc.root) ? doc.root : {};
  const info = isMapping(doc.pipelineInfo) ? doc.pipelineInfo : {};
  const component = typeof info.description === 'string' ? info.description : headerDescription(text);
  return {
    ...(component !== undefined ? { component } : {}),
    inputs: definitionDescriptions(iface.inputDefinitions),
    outputs: definitionDescriptions(iface.outputDefinitions),
  };
}

function definitionDescriptions(definitions: unknown): Map<string, string> {
  const found = new Map<string, string>();
  if (!isMapping(definitions)) return found;
  for (const group of [definitions.parameters, definitions.artifacts]) {
    if (!isMapping(group)) continue;
    for (const [name, def] of Object.entries(group)) if (isMapping(def) && typeof def.description === 'string') found.set(name, def.description);
  }
  return found;
}

/**
 * The `# Description:` block of the header comment the KFP compiler writes (continuation lines are indented
 * to the text's column); compiled components carry their docstring only there.
 */
function headerDescription(text: string): string | undefined {
  const lines = text.split(/\r?\n/);
  const start = lines.findIndex((line) => /^# Description: /.test(line));
  if (start < 0) return undefined;
  const column = '# Description: '.length;
  const found = [lines[start].slice(column)];
  for (const line of lines.slice(start + 1)) {
    if (!line.startsWith('#' + ' '.repeat(column - 1))) break;
    found.push(line.slice(column));
  }
  return found.join('\n').trim() || undefined;
}
