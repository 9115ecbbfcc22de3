import { loadComponentFromText, pipeline, t } from '@kfp-ts/dsl';

// v1 component.yaml: every v1 type that maps to a parameter, a known artifact class, a Google type, or (for
// anything else) a generic artifact.
const upstream = loadComponentFromText(`
name: upstream
inputs:
- {name: input_1, type: String}
- {name: input_2, type: Float}
- {name: input_3, type: Artifact}
- {name: input_4, type: String}
outputs:
- {name: output_1, type: Integer}
- {name: output_2, type: Model}
- {name: output_3}
- {name: output_4, type: Model}
- {name: output_5, type: Datasets}
- {name: output_6, type: Some arbitrary type}
- {name: output_7, type: {GcsPath: {data_type: TSV}}}
- {name: output_8, type: HTML}
- {name: output_9, type: google.BQMLModel}
implementation:
  container:
    image: gcr.io/image
    args:
    - {inputValue: input_1}
    - {inputValue: input_2}
    - {inputPath: input_3}
    - {inputValue: input_4}
    - {outputPath: output_1}
    - {outputUri: output_2}
    - {outputPath: output_3}
    - {outputUri: output_4}
    - {outputUri: output_5}
    - {outputPath: output_6}
    - {outputPath: output_7}
    - {outputPath: output_8}
`);

const downstream = loadComponentFromText(`
name: downstream
inputs:
- {name: input_a, type: Integer}
- {name: input_b, type: Model}
- {name: input_c}
- {name: input_d, type: Model}
- {name: input_e, type: Datasets}
- {name: input_f, type: Some arbitrary type}
- {name: input_g, type: {GcsPath: {data_type: TSV}}}
- {name: input_h, type: HTML}
- {name: input_i, type: google.BQMLModel}
implementation:
  container:
    image: gcr.io/image
    args:
    - {inputValue: input_a}
    - {inputUri: input_b}
    - {inputPath: input_c}
    - {inputUri: input_d}
    - {inputUri: input_e}
    - {inputPath: input_f}
    - {inputPath: input_g}
    - {inputPath: input_h}
`);

export default () =>
  pipeline(
    { name: 'pipeline-with-various-types', inputs: { input1: t.string(), input3: t.artifact(), input4: t.string().default('') } },
    ({ input1, input3, input4 }) => {
      const component1 = upstream({ input_1: input1, input_2: 3.1415926, input_3: input3, input_4: input4 });
      downstream({
        input_a: component1.outputs.output_1,
        input_b: component1.outputs.output_2,
        input_c: component1.outputs.output_3,
        input_d: component1.outputs.output_4,
        input_e: component1.outputs.output_5,
        input_f: component1.outputs.output_6,
        input_g: component1.outputs.output_7,
        input_h: component1.outputs.output_8,
        input_i: component1.outputs.output_9,
      });
    },
  );
