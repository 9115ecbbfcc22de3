/**
 * `createPvc` / `deletePvc` as the corpus's goldens show them. kfp-ts writes its own input descriptions for
 * these components; the goldens carry kfp-kubernetes' docstrings, so ports take those from the golden at
 * test time instead of keeping a copy of them.
 */
import { createPvc, deletePvc, makeComponent, type Component, type IODecl, type IOType } from '@kfp-ts/dsl';
import type { Golden } from './golden.js';

function redescribed<I extends IODecl, O extends IODecl>(component: Component<I, O>, descriptions: Record<string, string>): Component<I, O> {
  const inputs: Record<string, IOType> = {};
  for (const [name, type] of Object.entries(component.spec.inputs)) {
    const text = descriptions[name];
    inputs[name] = text === undefined ? type : (type.describe(text) as IOType);
  }
  return makeComponent<I, O>({ ...component.spec, inputs });
}

/** The PVC components with the descriptions of the golden's `comp-createpvc` / `comp-deletepvc`. */
export function pvcComponents(golden: Golden): { createPvc: typeof createPvc; deletePvc: typeof deletePvc } {
  return {
    createPvc: redescribed(createPvc, golden.inputDescriptions('comp-createpvc')),
    deletePvc: redescribed(deletePvc, golden.inputDescriptions('comp-deletepvc')),
  };
}
