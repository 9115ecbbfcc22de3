/**
 * Dataset inspection. The layout logic is tested on key lists; the S3 side runs against a real S3
 * implementation — Ceph's object gateway (radosgw) on 127.0.0.1 with an in-memory OSD
 * (helpers/ceph-rgw.ts) — with path-style addressing as for MinIO. Without Debian's `ceph-mon`, `ceph-osd`
 * and `radosgw` those tests are skipped, except under CI (CI=true), where their absence is a failure.
 */
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createS3Client,
  DatasetLayoutError,
  datasetMetrics,
  describeS3Settings,
  inspectDataset,
  listObjects,
  s3SettingsFromEnv,
  splitLayout,
  summarizeKeys,
} from '../../packages/components/src/s3/index.js';
import { cephInstalled, startCephGateway, type CephGateway } from './helpers/ceph-rgw.js';

const pairs = (dir: string, n: number, ext = '.png') =>
  Array.from({ length: n }, (_, i) => [
    { key: `${dir}/images/${String(i).padStart(3, '0')}${ext}`, size: 100 },
    { key: `${dir}/masks/${String(i).padStart(3, '0')}.png`, size: 10 },
  ]).flat();

describe('summarizeKeys (polyp layout)', () => {
  it('counts the training set and each named test set', () => {
    const keys = [...pairs('TrainDataset', 12, '.jpg'), ...pairs('TestDataset/Kvasir', 4), ...pairs('TestDataset/CVC-ClinicDB', 3)];
    const summary = summarizeKeys('dataset', 'polyp_dataset', keys);
    expect(summary.problems).toEqual([]);
    expect(summary.splits.map((s) => [s.name, s.images, s.masks, s.pairs])).toEqual([
      ['train', 12, 12, 12],
      ['test/CVC-ClinicDB', 3, 3, 3],
      ['test/Kvasir', 4, 4, 4],
    ]);
    expect(summary.splits[0].uri).toBe('s3://dataset/polyp_dataset/TrainDataset/');
    expect(summary.totalPairs).toBe(19);
    expect(datasetMetrics(summary)).toMatchObject({ 'train/images': 12, 'test/Kvasir/pairs': 4, 'total/masks': 19 });
  });

  it('reports missing splits, empty folders and unpaired files', () => {
    const keys = [
      ...pairs('TrainDataset', 5),
      { key: 'TrainDataset/images/extra.jpg', size: 1 },
      { key: 'TrainDataset/masks/orphan.png', size: 1 },
      { key: 'TrainDataset/README.md', size: 1 },
      { key: 'TrainDataset/images/notes.txt', size: 1 },
      ...pairs('TestDataset/ETIS', 2).filter((o) => o.key.includes('/images/')),
    ];
    const summary = summarizeKeys('dataset', 'polyp_dataset', keys);
    const train = summary.splits[0];
    expect(train).toMatchObject({ images: 6, masks: 6, pairs: 5, otherFiles: 2, imagesWithoutMask: ['extra'], masksWithoutImage: ['orphan'] });
    expect(summary.problems).toEqual([
      "split 'train' has 6 images and 6 masks: 1 image(s) without a mask (extra), 1 mask(s) without an image (orphan)",
      "split 'test/ETIS' has no masks under s3://dataset/polyp_dataset/TestDataset/ETIS/masks/",
    ]);
    expect(summarizeKeys('dataset', 'p', pairs('TrainDataset', 1)).problems).toEqual([
      "split 'test' is missing: no objects under s3://dataset/p/TestDataset/",
    ]);
    expect(summarizeKeys('dataset', 'p', [...pairs('TrainDataset', 1), { key: 'TestDataset/x.png', size: 1 }]).problems).toEqual([
      "split 'test' has no sub-folders (expected s3://dataset/p/TestDataset/<name>/images/…)",
    ]);
  });

  it('supports a train/val/test layout with optional splits and custom folder names', () => {
    const keys = [
      ...pairs('train', 3).map((o) => ({ ...o, key: o.key.replace('/masks/', '/labels/') })),
      ...pairs('val', 2).map((o) => ({ ...o, key: o.key.replace('/masks/', '/labels/') })),
    ];
    const summary = summarizeKeys('b', '', keys, {
      splits: [...splitLayout(['train', 'val']), ...splitLayout(['test'], { required: false })],
      masksDir: 'labels',
    });
    expect(summary.problems).toEqual([]);
    expect(summary.splits.map((s) => `${s.name}:${s.pairs}`)).toEqual(['train:3', 'val:2']);
    expect(summary.splits[0].uri).toBe('s3://b/train/');
  });
});

describe('s3SettingsFromEnv', () => {
  it('defaults to the in-cluster MinIO with path-style addressing', () => {
    const settings = s3SettingsFromEnv({});
    expect(settings).toEqual({
      endpoint: 'http://minio-service.mlflow.svc.cluster.local:9000',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: undefined,
    });
  });

  it('reads endpoint, region and credentials, and never describes the secret', () => {
    const settings = s3SettingsFromEnv({
      MLFLOW_S3_ENDPOINT_URL: 'http://minio:9000',
      AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000',
      AWS_DEFAULT_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'minio',
      AWS_SECRET_ACCESS_KEY: 'minio-secret-123',
    });
    expect(settings.endpoint).toBe('http://127.0.0.1:9000');
    expect(settings.region).toBe('eu-west-1');
    expect(settings.credentials).toEqual({ accessKeyId: 'minio', secretAccessKey: 'minio-secret-123' });
    expect(describeS3Settings(settings)).not.toContain('minio-secret-123');
    expect(s3SettingsFromEnv({ S3_ADDRESSING_STYLE: 'virtual' }, { endpoint: null })).toMatchObject({ endpoint: undefined, forcePathStyle: false });
    expect(() => s3SettingsFromEnv({ AWS_ACCESS_KEY_ID: 'only-id' })).toThrow(/set together/);
    expect(() => s3SettingsFromEnv({ AWS_ENDPOINT_URL: 'http://user:pw@minio:9000' })).toThrow(/must not carry credentials/);
    expect(() => s3SettingsFromEnv({ S3_ADDRESSING_STYLE: 'dns' })).toThrow(/'path' or 'virtual'/);
  });
});

const requireCeph = process.env.CI === 'true';

it.runIf(!cephInstalled() && requireCeph)('has the Ceph object gateway installed for the S3 tests', () => {
  throw new Error("install Debian's ceph-mon, ceph-osd and radosgw (apt-get install --no-install-recommends radosgw ceph-mon ceph-osd)");
});

describe.skipIf(!cephInstalled())('inspectDataset against a Ceph object gateway', () => {
  let gateway: CephGateway;
  let client: S3Client;

  beforeAll(async () => {
    gateway = await startCephGateway();
    const settings = s3SettingsFromEnv({
      AWS_ENDPOINT_URL_S3: gateway.endpoint,
      AWS_ACCESS_KEY_ID: gateway.accessKeyId,
      AWS_SECRET_ACCESS_KEY: gateway.secretAccessKey,
    });
    client = await createS3Client(settings, { maxAttempts: 2, requestTimeoutMs: 10_000 });
    await client.send(new CreateBucketCommand({ Bucket: 'dataset' }));
    const keys = [
      ...pairs('polyp_dataset/TrainDataset', 23, '.jpg'),
      ...pairs('polyp_dataset/TestDataset/Kvasir', 4),
      ...pairs('polyp_dataset/TestDataset/CVC-300', 3),
      ...pairs('broken/TrainDataset', 3),
      { key: 'broken/TrainDataset/images/lonely.png', size: 1 },
    ];
    for (const { key } of keys) await client.send(new PutObjectCommand({ Bucket: 'dataset', Key: key, Body: Buffer.from(key) }));
  }, 420_000 /* up to three cluster starts */);

  afterAll(async () => {
    client?.destroy();
    await gateway?.stop();
  }, 60_000);

  it('lists across pages and counts images and masks per split', async () => {
    const listed = await listObjects(client, 'dataset', 'polyp_dataset/', { pageSize: 7 });
    expect(listed).toHaveLength(60);
    const summary = await inspectDataset(client, { bucket: 'dataset', prefix: 'polyp_dataset' }, { pageSize: 7 });
    expect(summary.splits.map((s) => [s.name, s.images, s.masks])).toEqual([
      ['train', 23, 23],
      ['test/CVC-300', 3, 3],
      ['test/Kvasir', 4, 4],
    ]);
    expect(summary.splits[0].bytes).toBeGreaterThan(0);
  });

  it('fails with every problem named', async () => {
    const error = await inspectDataset(client, { bucket: 'dataset', prefix: 'broken' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetLayoutError);
    expect((error as DatasetLayoutError).problems).toEqual([
      "split 'train' has 4 images and 3 masks: 1 image(s) without a mask (lonely)",
      "split 'test' is missing: no objects under s3://dataset/broken/TestDataset/",
    ]);
    const lenient = await inspectDataset(client, { bucket: 'dataset', prefix: 'broken' }, { strict: false });
    expect(lenient.problems).toHaveLength(2);
  });

  it('names a missing bucket and bad credentials', async () => {
    await expect(inspectDataset(client, { bucket: 'no-such-bucket', prefix: 'x' })).rejects.toThrow("bucket 'no-such-bucket' does not exist");
    const wrong = await createS3Client(
      s3SettingsFromEnv({ AWS_ENDPOINT_URL_S3: gateway.endpoint, AWS_ACCESS_KEY_ID: 'NOBODY', AWS_SECRET_ACCESS_KEY: 'nothing' }),
      { maxAttempts: 1 },
    );
    await expect(inspectDataset(wrong, { bucket: 'dataset', prefix: 'polyp_dataset' })).rejects.toThrow(/AWS_ACCESS_KEY_ID/);
    wrong.destroy();
  });
});
