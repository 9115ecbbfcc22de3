/**
 * The ExecutorInput a container task receives, as the KFP driver builds it: the resolved inputs, and for
 * each output a place in the task's folder (a file per output parameter, a path per output artifact, which
 * is also the artifact's URI locally) plus the executor output file.
 */
import type { IrComponentSpec } from '../ir/types.js';
import type { ExecutorInput, RuntimeArtifact } from './launch-types.js';
import { taskFiles } from './outputs-layout.js';
import type { ResolvedInputs } from './resolve-inputs.js';

export function buildExecutorInput(dir: string, component: IrComponentSpec, inputs: ResolvedInputs): ExecutorInput {
  const files = taskFiles(dir);
  const outputParameters = Object.keys(component.outputDefinitions?.parameters ?? {});
  const outputArtifacts = Object.entries(component.outputDefinitions?.artifacts ?? {});
  return {
    inputs: {
      parameterValues: inputs.parameters,
      artifacts: Object.fromEntries(Object.entries(inputs.artifacts).map(([name, list]) => [name, { artifacts: list }])),
    },
    outputs: {
      parameters: Object.fromEntries(outputParameters.map((name) => [name, { outputFile: files.parameter(name) }])),
      artifacts: Object.fromEntries(
        outputArtifacts.map(([name, spec]) => {
          const artifact: RuntimeArtifact = {
            name,
            uri: files.artifact(name),
            type: { schemaTitle: spec.artifactType.schemaTitle, schemaVersion: spec.artifactType.schemaVersion },
            metadata: {},
          };
          return [name, { artifacts: [artifact] }];
        }),
      ),
      outputFile: files.executorOutput,
    },
  };
}
