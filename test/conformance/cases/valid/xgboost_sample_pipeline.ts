import { loadComponentFromText, pipeline, t } from '@kfp-ts/dsl';
import type { Golden } from '../../golden.js';

/**
 * The case loads six v1 component.yaml files of the kubeflow/pipelines repository by URL. Their interfaces
 * and arguments are written here; the programs their commands run (shell and Python) are taken from the
 * golden.
 */
export default (golden: Golden) => {
  const command = (executorLabel: string) => JSON.stringify(golden.container(executorLabel).command);
  const chicagoTaxiScript = JSON.stringify(golden.container('exec-chicago-taxi-trips-dataset').command![2]);

  const chicagoTaxiDatasetOp = loadComponentFromText(
    `
name: Chicago Taxi Trips dataset
inputs:
- {name: Where, type: String, default: 'trip_start_timestamp>="1900-01-01" AND trip_start_timestamp<"2100-01-01"'}
- {name: Limit, type: Integer, default: '1000', description: 'Number of rows to return. The rows are randomly sampled.'}
- {name: Select, type: String, default: 'trip_id,taxi_id,trip_start_timestamp,trip_end_timestamp,trip_seconds,trip_miles,pickup_census_tract,dropoff_census_tract,pickup_community_area,dropoff_community_area,fare,tips,tolls,extras,trip_total,payment_type,company,pickup_centroid_latitude,pickup_centroid_longitude,pickup_centroid_location,dropoff_centroid_latitude,dropoff_centroid_longitude,dropoff_centroid_location'}
- {name: Format, type: String, default: 'csv', description: 'Output data format. Suports csv,tsv,cml,rdf,json'}
outputs:
- {name: Table, description: 'Result type depends on format. CSV and TSV have header.'}
implementation:
  container:
    image: byrnedo/alpine-curl@sha256:548379d0a4a0c08b9e55d9d87a592b7d35d9ab3037f4936f5ccd09d0b625a342
    command:
    - sh
    - -c
    - ${chicagoTaxiScript}
    - {outputPath: Table}
    - {inputValue: Select}
    - {inputValue: Where}
    - {inputValue: Limit}
    - {inputValue: Format}
`,
    { outputs: { table: t.artifact() } },
  );

  const convertCsvToApacheParquetOp = loadComponentFromText(
    `
name: Convert csv to apache parquet
inputs:
- {name: data, type: CSV}
outputs:
- {name: output_data, type: ApacheParquet}
implementation:
  container:
    image: python:3.7
    command: ${command('exec-convert-csv-to-apache-parquet')}
    args:
    - --data
    - {inputPath: data}
    - --output-data
    - {outputPath: output_data}
`,
    { inputs: { data: t.artifact() }, outputs: { output_data: t.artifact() } },
  );

  const xgboostTrainOnCsvOp = loadComponentFromText(
    `
name: Xgboost train
inputs:
- {name: training_data, type: CSV}
- {name: starting_model, type: XGBoostModel, optional: true}
- {name: label_column, type: Integer, default: '0', optional: true}
- {name: num_iterations, type: Integer, default: '10', optional: true}
- {name: booster_params, type: JsonObject, optional: true}
- {name: objective, type: String, default: 'reg:squarederror', optional: true}
- {name: booster, type: String, default: gbtree, optional: true}
- {name: learning_rate, type: Float, default: '0.3', optional: true}
- {name: min_split_loss, type: Float, default: '0', optional: true}
- {name: max_depth, type: Integer, default: '6', optional: true}
outputs:
- {name: model, type: XGBoostModel}
- {name: model_config, type: XGBoostModelConfig}
implementation:
  container:
    image: python:3.7
    command: ${command('exec-xgboost-train')}
    args:
    - --training-data
    - {inputPath: training_data}
    - if:
        cond: {isPresent: starting_model}
        then: [--starting-model, {inputPath: starting_model}]
    - if:
        cond: {isPresent: label_column}
        then: [--label-column, {inputValue: label_column}]
    - if:
        cond: {isPresent: num_iterations}
        then: [--num-iterations, {inputValue: num_iterations}]
    - if:
        cond: {isPresent: booster_params}
        then: [--booster-params, {inputValue: booster_params}]
    - if:
        cond: {isPresent: objective}
        then: [--objective, {inputValue: objective}]
    - if:
        cond: {isPresent: booster}
        then: [--booster, {inputValue: booster}]
    - if:
        cond: {isPresent: learning_rate}
        then: [--learning-rate, {inputValue: learning_rate}]
    - if:
        cond: {isPresent: min_split_loss}
        then: [--min-split-loss, {inputValue: min_split_loss}]
    - if:
        cond: {isPresent: max_depth}
        then: [--max-depth, {inputValue: max_depth}]
    - --model
    - {outputPath: model}
    - --model-config
    - {outputPath: model_config}
`,
    { outputs: { model: t.artifact() } },
  );

  const xgboostPredictOnCsvOp = loadComponentFromText(`
name: Xgboost predict
inputs:
- {name: data, type: CSV}
- {name: model, type: XGBoostModel}
- {name: label_column, type: Integer, optional: true}
outputs:
- {name: predictions, type: Predictions}
implementation:
  container:
    image: python:3.7
    command: ${command('exec-xgboost-predict')}
    args:
    - --data
    - {inputPath: data}
    - --model
    - {inputPath: model}
    - if:
        cond: {isPresent: label_column}
        then: [--label-column, {inputValue: label_column}]
    - --predictions
    - {outputPath: predictions}
`);

  const xgboostTrainOnParquetOp = loadComponentFromText(
    `
name: Xgboost train
inputs:
- {name: training_data, type: ApacheParquet}
- {name: label_column_name, type: String}
- {name: starting_model, type: XGBoostModel, optional: true}
- {name: num_iterations, type: Integer, default: '10', optional: true}
- {name: booster_params, type: JsonObject, optional: true}
- {name: objective, type: String, default: 'reg:squarederror', optional: true}
- {name: booster, type: String, default: gbtree, optional: true}
- {name: learning_rate, type: Float, default: '0.3', optional: true}
- {name: min_split_loss, type: Float, default: '0', optional: true}
- {name: max_depth, type: Integer, default: '6', optional: true}
outputs:
- {name: model, type: XGBoostModel}
- {name: model_config, type: XGBoostModelConfig}
implementation:
  container:
    image: python:3.7
    command: ${command('exec-xgboost-train-2')}
    args:
    - --training-data
    - {inputPath: training_data}
    - --label-column-name
    - {inputValue: label_column_name}
    - if:
        cond: {isPresent: starting_model}
        then: [--starting-model, {inputPath: starting_model}]
    - if:
        cond: {isPresent: num_iterations}
        then: [--num-iterations, {inputValue: num_iterations}]
    - if:
        cond: {isPresent: booster_params}
        then: [--booster-params, {inputValue: booster_params}]
    - if:
        cond: {isPresent: objective}
        then: [--objective, {inputValue: objective}]
    - if:
        cond: {isPresent: booster}
        then: [--booster, {inputValue: booster}]
    - if:
        cond: {isPresent: learning_rate}
        then: [--learning-rate, {inputValue: learning_rate}]
    - if:
        cond: {isPresent: min_split_loss}
        then: [--min-split-loss, {inputValue: min_split_loss}]
    - if:
        cond: {isPresent: max_depth}
        then: [--max-depth, {inputValue: max_depth}]
    - --model
    - {outputPath: model}
    - --model-config
    - {outputPath: model_config}
`,
    { outputs: { model: t.artifact() } },
  );

  const xgboostPredictOnParquetOp = loadComponentFromText(`
name: Xgboost predict
inputs:
- {name: data, type: ApacheParquet}
- {name: model, type: XGBoostModel}
- {name: label_column_name, type: String, optional: true}
outputs:
- {name: predictions, type: Predictions}
implementation:
  container:
    image: python:3.7
    command: ${command('exec-xgboost-predict-2')}
    args:
    - --data
    - {inputPath: data}
    - --model
    - {inputPath: model}
    - if:
        cond: {isPresent: label_column_name}
        then: [--label-column-name, {inputValue: label_column_name}]
    - --predictions
    - {outputPath: predictions}
`);

  return pipeline({ name: 'xgboost-sample-pipeline' }, () => {
    const trainingDataCsv = chicagoTaxiDatasetOp({
      where: 'trip_start_timestamp >= "2019-01-01" AND trip_start_timestamp < "2019-02-01"',
      select: 'tips,trip_seconds,trip_miles,pickup_community_area,dropoff_community_area,fare,tolls,extras,trip_total',
      limit: 10000,
    }).output;

    // Training and prediction on the dataset in CSV format.
    const modelTrainedOnCsv = xgboostTrainOnCsvOp({
      training_data: trainingDataCsv,
      label_column: 0,
      objective: 'reg:squarederror',
      num_iterations: 200,
    }).outputs.model;
    xgboostPredictOnCsvOp({ data: trainingDataCsv, model: modelTrainedOnCsv, label_column: 0 });

    // Training and prediction on the dataset in Apache Parquet format.
    const trainingDataParquet = convertCsvToApacheParquetOp({ data: trainingDataCsv }).output;
    const modelTrainedOnParquet = xgboostTrainOnParquetOp({
      training_data: trainingDataParquet,
      label_column_name: 'tips',
      objective: 'reg:squarederror',
      num_iterations: 200,
    }).outputs.model;
    xgboostPredictOnParquetOp({ data: trainingDataParquet, model: modelTrainedOnParquet, label_column_name: 'tips' });

    // Cross-format predictions.
    xgboostPredictOnParquetOp({ data: trainingDataParquet, model: modelTrainedOnCsv, label_column_name: 'tips' });
    xgboostPredictOnCsvOp({ data: trainingDataCsv, model: modelTrainedOnParquet, label_column: 0 });
  });
};
