/**
 * Runs the in-memory MLflow tracking server (mlflow-test-server.ts) as a process of its own, for tests whose
 * steps run while the test process waits (a synchronous launch): prints its URL on the first line of
 * standard output and serves until it is terminated.
 */
import { MlflowTestServer } from './mlflow-test-server.js';

const server = await MlflowTestServer.start();
process.stdout.write(`${server.url}\n`);
process.once('SIGTERM', () => void server.close().then(() => process.exit(0)));
