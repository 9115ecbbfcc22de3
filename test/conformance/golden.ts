/**
 * What a conformance port may read from its golden at test time: the Python sources of its Python
 * components (so this repository keeps no copy of the corpus's Python code), and raw IR parts where the
 * pipeline loads compiled YAML.
 */
import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { extractPythonProgramParts, goldenExecutorContainer } from './python-source.js';

/** The options of `pythonComponent` that come from the golden's embedded program. */
export interface PythonSourceOptions {
  functionName: string;
  source: string;
  typeImports?: string[];
  additionalFunctions?: string[];
  helperSource?: string;
  embeddedArtifact?: { archiveBase64: string; fileName?: string };
}

export class Golden {
  readonly text: string;
  constructor(readonly path: string) {
    this.text = readFileSync(path, 'utf8');
  }

  /** The Python function behind executor `executorLabel` (e.g. `exec-flip-coin`). */
  python(executorLabel: string): PythonSourceOptions {
    const parts = extractPythonProgramParts(this.text, executorLabel);
    return {
      functionName: parts.functionName,
      source: parts.source,
      ...(parts.typeImports.length ? { typeImports: parts.typeImports } : {}),
      ...(parts.additionalFunctions.length ? { additionalFunctions: parts.additionalFunctions } : {}),
      ...(parts.helperSource !== undefined ? { helperSource: parts.helperSource } : {}),
      ...(parts.embeddedArtifact ? { embeddedArtifact: parts.embeddedArtifact } : {}),
    };
  }

  /**
   * The input descriptions of component `componentKey` (e.g. `comp-createpvc`), for components whose
   * descriptions come from another project's docstrings.
   */
  inputDescriptions(componentKey: string): Record<string, string> {
    const spec = parseAllDocuments(this.text)[0].toJS() as {
      components?: Record<string, { inputDefinitions?: { parameters?: Record<string, { description?: string }> } }>;
    };
    const params = spec.components?.[componentKey]?.inputDefinitions?.parameters ?? {};
    const out: Record<string, string> = {};
    for (const [name, p] of Object.entries(params)) if (p.description !== undefined) out[name] = p.description;
    return out;
  }

  /** The container of executor `executorLabel`, as compiled. */
  container(executorLabel: string): { image?: string; command?: string[]; args?: string[] } {
    return goldenExecutorContainer(this.text, executorLabel);
  }
}
