/**
 * The inspect-dataset step's `run` against a real S3 implementation: Ceph's object gateway on 127.0.0.1
 * (../helpers/ceph-rgw.ts), with credentials in the environment as a Kubernetes Secret would put them.
 * Without Debian's Ceph packages these tests are skipped, except under CI (CI=true), where that is a failure.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { inspectDatasetStep } from '@kfp-ts/components';
import { cephInstalled, startCephGateway, type CephGateway } from '../helpers/ceph-rgw.js';
import { imageMaskPairs, S3_VARIABLES, uploadKeys } from '../helpers/polyp-dataset.js';
import { metricsArtifact, outputArtifact } from './step-artifacts.js';

const requireCeph = process.env.CI === 'true';

it.runIf(!cephInstalled() && requireCeph)('has the Ceph object gateway installed for the S3 tests', () => {
  throw new Error("install Debian's ceph-mon, ceph-osd and radosgw (apt-get install --no-install-recommends radosgw ceph-mon ceph-osd)");
});


describe.skipIf(!cephInstalled())('the inspect-dataset step against a Ceph object gateway', () => {
  let gateway: CephGateway;
  const dir = mkdtempSync(join(tmpdir(), 'kfp-ts-inspect-step-'));
  const saved = Object.fromEntries(S3_VARIABLES.map((name) => [name, process.env[name]]));

  beforeAll(async () => {
    gateway = await startCephGateway();
    await uploadKeys(gateway, 'dataset', [
      ...imageMaskPairs('polyp_dataset/TrainDataset', 6),
      ...imageMaskPairs('polyp_dataset/TestDataset/Kvasir', 2),
      ...imageMaskPairs('polyp_dataset/TestDataset/CVC-300', 3),
      ...imageMaskPairs('split/train', 4),
      ...imageMaskPairs('split/val', 1),
      ...imageMaskPairs('broken/TrainDataset', 2),
      'broken/TrainDataset/images/lonely.jpg',
    ]);
  }, 420_000 /* up to three cluster starts */);

  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await gateway?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  afterEach(() => vi.restoreAllMocks());

  /** Runs the step with the gateway's keys in the environment, as a Secret mounted as env would provide. */
  async function inspect(inputs: Partial<Parameters<typeof inspectDatasetStep.run>[0]>, env: Record<string, string> = {}) {
    for (const name of S3_VARIABLES) delete process.env[name];
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: gateway.accessKeyId, AWS_SECRET_ACCESS_KEY: gateway.secretAccessKey, ...env });
    const logged: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: string) => void logged.push(line));
    const name = Math.random().toString(36).slice(2);
    const outputs = { dataset: outputArtifact(dir, `dataset-${name}`, 'system.Dataset'), metrics: metricsArtifact(dir, `metrics-${name}`) };
    const run = inspectDatasetStep.run(
      {
        bucket: 'dataset',
        prefix: 'polyp_dataset',
        endpoint: gateway.endpoint,
        layout: 'polyp',
        imagesDir: 'images',
        masksDir: 'masks',
        minTrainImages: 1,
        strict: true,
        ...inputs,
      },
      outputs,
    );
    return { run, outputs, logged };
  }

  it('counts the polyp layout and describes where the dataset is', async () => {
    const { run, outputs, logged } = await inspect({});
    expect(await run).toEqual({ datasetUri: 's3://dataset/polyp_dataset/', trainImages: 6, testImages: 5, problems: 0 });
    expect(outputs.dataset.metadata).toMatchObject({
      location: 's3://dataset/polyp_dataset/',
      bucket: 'dataset',
      prefix: 'polyp_dataset',
      splits: {
        train: { images: 6, masks: 6, pairs: 6, uri: 's3://dataset/polyp_dataset/TrainDataset/' },
        'test/CVC-300': { images: 3, masks: 3, pairs: 3 },
        'test/Kvasir': { images: 2, masks: 2, pairs: 2 },
      },
      totalPairs: 11,
      problems: [],
    });
    const summary = JSON.parse(readFileSync(outputs.dataset.path, 'utf8'));
    expect(summary.splits.map((s: { name: string }) => s.name)).toEqual(['train', 'test/CVC-300', 'test/Kvasir']);
    expect(outputs.metrics.metadata).toMatchObject({ 'train/images': 6, 'test/Kvasir/pairs': 2, 'total/images': 11 });
    expect(logged[0]).toBe(`inspecting s3://dataset/polyp_dataset/ on ${gateway.endpoint} (region us-east-1, path-style, static credentials)`);
    expect(logged.join('\n')).not.toContain(gateway.secretAccessKey);
  });

  it('takes the endpoint from the environment, and a layout of split folders', async () => {
    const { run } = await inspect({ endpoint: undefined, prefix: 'split', layout: 'train, val' }, { AWS_ENDPOINT_URL_S3: gateway.endpoint });
    expect(await run).toEqual({ datasetUri: 's3://dataset/split/', trainImages: 4, testImages: 1, problems: 0 });
  });

  it('fails on a broken layout, or reports it when not strict', async () => {
    await expect((await inspect({ prefix: 'broken' })).run).rejects.toThrow(
      "dataset s3://dataset/broken/: split 'train' has 3 images and 2 masks: 1 image(s) without a mask (lonely); " +
        "split 'test' is missing: no objects under s3://dataset/broken/TestDataset/",
    );
    const lenient = await inspect({ prefix: 'broken', strict: false });
    expect(await lenient.run).toEqual({ datasetUri: 's3://dataset/broken/', trainImages: 3, testImages: 0, problems: 2 });
    expect(lenient.outputs.dataset.metadata.problems).toHaveLength(2);
  });

  it('fails when the training split is too small', async () => {
    await expect((await inspect({ minTrainImages: 7 })).run).rejects.toThrow(
      "the training split 'train' of s3://dataset/polyp_dataset/ has 6 images; at least 7 are required",
    );
  });

  it('names a missing bucket, bad credentials and bad inputs', async () => {
    await expect((await inspect({ bucket: 'no-such-bucket' })).run).rejects.toThrow("bucket 'no-such-bucket' does not exist");
    await expect((await inspect({}, { AWS_SECRET_ACCESS_KEY: 'wrong-secret' })).run).rejects.toThrow(/AWS_SECRET_ACCESS_KEY/);
    await expect((await inspect({ layout: 'train,,test' })).run).rejects.toThrow(
      "input 'layout' must be 'polyp' or comma-separated folder names such as 'train,val,test', got 'train,,test'",
    );
    await expect((await inspect({ bucket: ' ' })).run).rejects.toThrow("input 'bucket' must not be empty");
    await expect((await inspect({ endpoint: 'ftp://minio:9000' })).run).rejects.toThrow("S3 endpoint must be http(s), got 'ftp:'");
  });
});
