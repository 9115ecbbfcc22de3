/**
 * The prebuilt polyp steps in a local run: inspect-dataset against a real S3 server (Ceph's object gateway,
 * ../components/helpers/ceph-rgw.ts) → quality-gate on the training split's size → If passed, a TypeScript
 * component reading the dataset summary. The steps are built for an image; the local launcher runs them
 * from their source. The pipeline reads the S3 credentials from a Kubernetes Secret, which a local run
 * ignores with a warning: here they come from the environment of the run, the endpoint from the run's
 * extra task environment. Without Debian's Ceph packages the suite is skipped, except under CI (CI=true),
 * where that is a failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '@kfp-ts/compiler';
import { cephInstalled, startCephGateway, type CephGateway } from '../components/helpers/ceph-rgw.js';
import { imageMaskPairs, S3_VARIABLES, uploadKeys } from '../components/helpers/polyp-dataset.js';
import { datasetGate, S3_SECRET } from './fixtures/prebuilt-steps.js';
import { runPipeline, scratchRoot, type RecordedRun } from './run-helpers.js';

const requireCeph = process.env.CI === 'true';

it.runIf(!cephInstalled() && requireCeph)('has the Ceph object gateway installed for the local run of the prebuilt steps', () => {
  throw new Error("install Debian's ceph-mon, ceph-osd and radosgw (apt-get install --no-install-recommends radosgw ceph-mon ceph-osd)");
});

/** Variables that would point the steps elsewhere; the tests set the ones they need. */


describe.skipIf(!cephInstalled())('prebuilt steps in a local run (needs the Ceph object gateway: radosgw, ceph-mon, ceph-osd)', () => {
  let gateway: CephGateway;
  const scratch = scratchRoot('local-steps');
  const saved = Object.fromEntries(S3_VARIABLES.map((name) => [name, process.env[name]]));

  beforeAll(async () => {
    gateway = await startCephGateway();
    await uploadKeys(gateway, 'dataset', [
      ...imageMaskPairs('polyp/TrainDataset', 6),
      ...imageMaskPairs('polyp/TestDataset/Kvasir', 2),
      ...imageMaskPairs('polyp/TestDataset/CVC-300', 3),
    ]);
    // The Secret of the pipeline is not read locally: the tasks inherit the credentials from this process.
    for (const name of S3_VARIABLES) delete process.env[name];
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: gateway.accessKeyId, AWS_SECRET_ACCESS_KEY: gateway.secretAccessKey });
  }, 420_000 /* up to three cluster starts */);

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await gateway?.stop();
    scratch.remove();
  }, 60_000);

  const run = (minTrainImages: number, options: { runId: string; cache?: boolean }): Promise<RecordedRun> =>
    runPipeline(datasetGate, {
      outputRoot: scratch.root,
      params: { bucket: 'dataset', prefix: 'polyp', minTrainImages },
      env: { AWS_ENDPOINT_URL_S3: gateway.endpoint },
      retryWaitScale: 0,
      ...options,
    });

  const executorOutput = (run: RecordedRun, task: string) => JSON.parse(run.read(`${task}/executor_output.json`));

  it('inspects the dataset, passes the gate and reads the summary in the branch', async () => {
    const passing = await run(5, { runId: 'passing' });
    expect(passing.error).toBeUndefined();
    expect(passing.state).toBe('SUCCEEDED');
    expect(passing.states).toEqual({
      'inspect-dataset': 'SUCCEEDED',
      'quality-gate': 'SUCCEEDED',
      'condition-1': 'SUCCEEDED',
      'condition-1/describe-dataset': 'SUCCEEDED',
    });
    expect(passing.outputs).toEqual({ Output: 's3://dataset/polyp/' });

    // Every task reads the Secret on a cluster; the one warning says that locally it does not.
    expect(JSON.stringify(compile(datasetGate).platformSpec)).toContain(S3_SECRET);
    const warnings = passing.events.filter((e) => e.type === 'warning');
    expect(warnings).toEqual([
      {
        type: 'warning',
        message:
          `Kubernetes-only settings are ignored when running locally: condition-1/describe-dataset (Secret 's3-dataset-credentials' as env); inspect-dataset (Secret 's3-dataset-credentials' as env); quality-gate (Secret 's3-dataset-credentials' as env)`,
      },
    ]);

    // inspect-dataset: output parameters, the dataset summary file and its metadata, the metrics.
    expect(passing.read('inspect-dataset/parameters/trainImages')).toBe('6');
    expect(passing.read('inspect-dataset/parameters/testImages')).toBe('5');
    expect(passing.read('inspect-dataset/parameters/datasetUri')).toBe('s3://dataset/polyp/');
    const summary = JSON.parse(passing.read('inspect-dataset/artifacts/dataset'));
    expect(summary).toMatchObject({ totalImages: 11, totalMasks: 11, totalPairs: 11, problems: [] });
    expect(summary.splits.map((s: { name: string; pairs: number }) => `${s.name}:${s.pairs}`)).toEqual(['train:6', 'test/CVC-300:3', 'test/Kvasir:2']);
    const inspected = executorOutput(passing, 'inspect-dataset').artifacts;
    expect(inspected.dataset.artifacts[0].metadata).toMatchObject({ location: 's3://dataset/polyp/', totalPairs: 11 });
    expect(inspected.metrics.artifacts[0].metadata).toMatchObject({ 'train/images': 6, 'test/Kvasir/pairs': 2, 'total/images': 11 });
    const log = passing.read('inspect-dataset/task.log');
    expect(log).toContain(`inspecting s3://dataset/polyp/ on ${gateway.endpoint}`);
    expect(log).not.toContain(gateway.secretAccessKey);

    // quality-gate read the metric from the Metrics artifact.
    expect(passing.read('quality-gate/parameters/passed')).toBe('true');
    expect(executorOutput(passing, 'quality-gate').artifacts.gateMetrics.artifacts[0].metadata).toEqual({
      'train/images': 6,
      'train/images_threshold': 5,
      passed: 1,
      margin: 1,
    });

    // describe-dataset read the summary file and the metadata of the artifact inspect-dataset wrote.
    expect(passing.read('condition-1/describe-dataset/parameters/splits')).toBe('train,test/CVC-300,test/Kvasir');
    expect(passing.read('condition-1/describe-dataset/parameters/location')).toBe('s3://dataset/polyp/');
    expect(passing.read('condition-1/describe-dataset/parameters/pairs')).toBe('11');

    const recorded = JSON.parse(passing.read('run.json'));
    expect(recorded).toMatchObject({ state: 'SUCCEEDED', outputs: { Output: 's3://dataset/polyp/' } });
    expect(recorded.tasks['condition-1/describe-dataset']).toEqual({ state: 'SUCCEEDED' });
  });

  it('skips the branch when the gate does not pass, reusing the cached inspection', async () => {
    // A second run under the same output root: inspect-dataset's inputs are those of the first run.
    const failing = await run(100, { runId: 'below-threshold' });
    expect(failing.state).toBe('SUCCEEDED');
    expect(failing.states).toMatchObject({ 'inspect-dataset': 'CACHED', 'quality-gate': 'SUCCEEDED', 'condition-1': 'SKIPPED' });
    expect(failing.states['condition-1/describe-dataset']).toBeUndefined();
    expect(failing.messages['condition-1']).toMatch(/^condition is false/);
    expect(failing.read('quality-gate/parameters/passed')).toBe('false');
    expect(failing.read('quality-gate/task.log')).toContain('train/images = 6 >= 100: failed');
    expect(executorOutput(failing, 'quality-gate').artifacts.gateMetrics.artifacts[0].metadata).toEqual({
      'train/images': 6,
      'train/images_threshold': 100,
      passed: 0,
      margin: -94,
    });
  });

  it('fails the run at inspect-dataset when the credentials in the environment are wrong', async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'not-the-secret';
    let denied: RecordedRun;
    try {
      denied = await run(5, { runId: 'wrong-credentials', cache: false });
    } finally {
      process.env.AWS_SECRET_ACCESS_KEY = gateway.secretAccessKey;
    }
    expect(denied.state).toBe('FAILED');
    expect(denied.states).toMatchObject({ 'inspect-dataset': 'FAILED', 'quality-gate': 'SKIPPED', 'condition-1': 'SKIPPED' });
    expect(denied.error).toBe(
      "task 'inspect-dataset' failed: exited with code 1: error: component 'inspect-dataset' failed: " +
        'the server rejected the request signature (listing s3://dataset/polyp/); check AWS_SECRET_ACCESS_KEY',
    );
  });
});
