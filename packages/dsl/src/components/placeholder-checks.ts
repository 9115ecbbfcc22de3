/**
 * Checks that a container command line refers only to inputs and outputs its component declares, each in a
 * way that suits its kind (a parameter's value, an artifact's path, URI or metadata). Placeholders reach the
 * command line as objects or as text inside template literals, so both are checked.
 */
import { KfpDefinitionError } from '../errors.js';
import type { IODecl } from './typing.js';
import { ConcatPlaceholder, IfPresentPlaceholder, type CommandPart } from './placeholders.js';

/** `{{$.inputs.parameters['x']…`, `{{$.outputs.artifacts['y']…` and the like. */
const REFERENCE = /\{\{\$\.(inputs|outputs)\.(parameters|artifacts)\['([^']*)'\]/g;

/** Throws when `parts` refer to an input or output that `inputs`/`outputs` lack, or use it as the wrong kind. */
export function checkPlaceholderReferences(parts: readonly CommandPart[], inputs: IODecl, outputs: IODecl): void {
  const check = (direction: 'inputs' | 'outputs', kind: 'parameters' | 'artifacts', name: string) => {
    const declared = (direction === 'inputs' ? inputs : outputs)[name];
    const noun = direction === 'inputs' ? 'input' : 'output';
    if (!declared) {
      const known = Object.keys(direction === 'inputs' ? inputs : outputs);
      throw new KfpDefinitionError(
        `the command line refers to ${noun} '${name}', which the component does not declare` +
          (known.length ? ` (its ${noun}s: ${known.join(', ')})` : ` (it has no ${noun}s)`),
      );
    }
    const isArtifact = declared.kind === 'artifact';
    if (isArtifact !== (kind === 'artifacts')) {
      throw new KfpDefinitionError(
        isArtifact
          ? `the command line uses artifact ${noun} '${name}' as a parameter; use its .path, .uri or .metadata`
          : `the command line uses parameter ${noun} '${name}' as an artifact`,
      );
    }
  };
  const visit = (part: CommandPart | readonly CommandPart[] | undefined): void => {
    if (part === undefined) return;
    if (Array.isArray(part)) {
      for (const p of part) visit(p);
    } else if (part instanceof ConcatPlaceholder) {
      visit(part.parts);
    } else if (part instanceof IfPresentPlaceholder) {
      if (!(part.inputName in inputs)) {
        throw new KfpDefinitionError(`ifPresent refers to input '${part.inputName}', which the component does not declare`);
      }
      visit(part.then);
      visit(part.otherwise);
    } else {
      for (const m of String(part).matchAll(REFERENCE)) check(m[1] as 'inputs' | 'outputs', m[2] as 'parameters' | 'artifacts', m[3]);
    }
  };
  visit(parts);
}
