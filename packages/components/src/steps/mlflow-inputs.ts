/**
 * What the MLflow steps share: the tracking server and experiment inputs, and a client built from them
 * and the environment (credentials: `MLFLOW_TRACKING_TOKEN`, or `MLFLOW_TRACKING_USERNAME` and
 * `MLFLOW_TRACKING_PASSWORD`, e.g. from a mounted Secret; never logged).
 */
import { t } from '@kfp-ts/dsl';
import { DEFAULT_TRACKING_URI, describeConnection, mlflowConnectionFromEnv } from '../mlflow/config.js';
import { MlflowTransport } from '../mlflow/transport.js';

/** The experiment of the reference cluster. */
export const POLYP_EXPERIMENT = 'PolypSegmentation';

/** The tracking server input. */
export const trackingUriInput = t
  .string()
  .default(DEFAULT_TRACKING_URI)
  .describe('MLflow tracking server URL; empty for MLFLOW_TRACKING_URI. Credentials from MLFLOW_TRACKING_TOKEN or MLFLOW_TRACKING_USERNAME/PASSWORD.');

/** The experiment input. */
export const experimentNameInput = t.string().default(POLYP_EXPERIMENT).describe('MLflow experiment; created when missing.');

/** A client of the tracking server; its retries are logged (without credentials). */
export function openMlflow(trackingUri: string): MlflowTransport {
  const uri = trackingUri.trim();
  const connection = mlflowConnectionFromEnv(process.env, uri ? { trackingUri: uri } : {});
  console.log(`MLflow at ${describeConnection(connection)}`);
  return new MlflowTransport(connection, (line) => console.log(line));
}

