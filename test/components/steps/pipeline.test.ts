/**
 * The TypeScript steps inside a pipeline: they wire to each other and to the Python export component, and
 * compile to valid KFP YAML whose tasks run the steps' image by component name, with no code embedded.
 */
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileToYaml, IMAGE_ENTRY, validateDocuments } from '@kfp-ts/compiler';
import { containerComponent, If, pipeline, t } from '@kfp-ts/dsl';
import {
  deployKServeStep,
  inspectDatasetStep,
  onnxExportComponent,
  POLYP_COMPONENTS_IMAGE,
  qualityGateStep,
  validateOnnxStep,
} from '@kfp-ts/components';

const train = containerComponent({
  name: 'train',
  inputs: { datasetUri: t.string() },
  outputs: { model: t.model(), metrics: t.metrics() },
  image: 'registry.example.com/polyp-train:1',
  command: ({ inputs, outputs }) => ['train', inputs.datasetUri, outputs.model.path, outputs.metrics.path],
});

const exportOnnx = onnxExportComponent();

const polypSteps = pipeline(
  { name: 'polyp-steps', inputs: { diceThreshold: t.float().default(0.8), canary: t.integer().default(10) } },
  ({ diceThreshold, canary }) => {
    const inspect = inspectDatasetStep({ minTrainImages: 100 });
    const trained = train({ datasetUri: inspect.outputs.datasetUri });
    const gate = qualityGateStep({ metrics: trained.outputs.metrics, threshold: diceThreshold });
    If(gate.outputs.passed.eq(true), () => {
      const exported = exportOnnx({ checkpoint: trained.outputs.model });
      const checked = validateOnnxStep({ onnxModel: exported.outputs.onnx_model, referenceSamples: exported.outputs.reference_samples });
      deployKServeStep({ modelRepository: checked.outputs.modelRepository, canaryTrafficPercent: canary });
    });
  },
);

describe('a pipeline of the steps', () => {
  const spec = parse(compileToYaml(polypSteps));
  const steps = { 'inspect-dataset': inspectDatasetStep, 'quality-gate': qualityGateStep, 'validate-onnx': validateOnnxStep, 'deploy-kserve': deployKServeStep };

  it('compiles to YAML that validates', () => {
    expect(validateDocuments(spec)).toEqual([]);
  });

  it('runs each step from the components image by name', () => {
    for (const name of Object.keys(steps)) {
      expect(spec.deploymentSpec.executors[`exec-${name}`].container).toEqual({
        image: POLYP_COMPONENTS_IMAGE,
        command: ['node', '--enable-source-maps', IMAGE_ENTRY],
        args: ['--executor_input', '{{$}}', '--component', name],
      });
    }
    expect(IMAGE_ENTRY).toBe('/kfp-ts/component/component.mjs');
  });

  it('declares the inputs with their defaults and descriptions, and wires artifacts between the steps', () => {
    const inspect = spec.components['comp-inspect-dataset'];
    expect(inspect.inputDefinitions.parameters).toMatchObject({
      bucket: { parameterType: 'STRING', defaultValue: 'dataset', description: 'Bucket holding the dataset.' },
      prefix: { parameterType: 'STRING', defaultValue: 'polyp_dataset' },
      endpoint: { parameterType: 'STRING', isOptional: true },
      minTrainImages: { parameterType: 'NUMBER_INTEGER', defaultValue: 1 },
    });
    expect(inspect.outputDefinitions.parameters.trainImages).toMatchObject({ parameterType: 'NUMBER_INTEGER' });
    expect(spec.components['comp-quality-gate'].inputDefinitions.artifacts.metrics).toMatchObject({
      artifactType: { schemaTitle: 'system.Metrics' },
      isOptional: true,
    });
    expect(spec.components['comp-deploy-kserve'].inputDefinitions.parameters).toMatchObject({
      serviceName: { defaultValue: 'polyp-segmentation-cpu' },
      namespace: { defaultValue: 'kserve-inference' },
      serviceAccount: { defaultValue: 'kserve-model-sa' },
      cpu: { defaultValue: '200m' },
      memoryLimit: { defaultValue: '2Gi' },
      canaryTrafficPercent: { parameterType: 'NUMBER_INTEGER', isOptional: true },
    });
    const branch = spec.components['comp-condition-1'].dag.tasks;
    expect(branch['validate-onnx'].inputs.artifacts).toEqual({
      onnxModel: { taskOutputArtifact: { producerTask: 'export-onnx', outputArtifactKey: 'onnx_model' } },
      referenceSamples: { taskOutputArtifact: { producerTask: 'export-onnx', outputArtifactKey: 'reference_samples' } },
    });
    expect(branch['deploy-kserve'].inputs.artifacts.modelRepository).toEqual({
      taskOutputArtifact: { producerTask: 'validate-onnx', outputArtifactKey: 'modelRepository' },
    });
  });

  it('describes every input and output of every step', () => {
    for (const [name, step] of Object.entries(steps)) {
      const undescribed = Object.entries({ ...step.spec.inputs, ...step.spec.outputs })
        .filter(([, type]) => !type.description)
        .map(([key]) => key);
      expect(undescribed, name).toEqual([]);
    }
  });
});
