/**
 * The Open Inference Protocol client and the smoke test against a protocol-faithful fake model
 * server (endpoints and error codes in fakes/open-inference-server.ts), with faults: 429, 500,
 * connection resets, slow answers, a model still loading, and a model answering the wrong shape.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OpenInferenceClient, POLYP_SMOKE_TEST, SmokeTestError, concreteShape, shapeMatches, smokeTestModel } from '@kfp-ts/components';
import { FakeOpenInferenceServer } from './fakes/open-inference-server.js';

const fast = { initialDelayMs: 5, maxDelayMs: 20 };

describe('Open Inference Protocol client', () => {
  let server: FakeOpenInferenceServer;
  beforeEach(async () => {
    server = await new FakeOpenInferenceServer().start();
  });
  afterEach(() => server.stop());

  it('reads health, server and model metadata', async () => {
    const client = new OpenInferenceClient({ baseUrl: server.url, retry: fast });
    expect(await client.live()).toBe(true);
    expect(await client.ready()).toBe(true);
    expect(await client.modelReady('polyp-segmentation')).toBe(true);
    expect(await client.modelReady('polyp-segmentation', '1')).toBe(true);
    expect(await client.modelReady('nope')).toBe(false);
    expect((await client.serverMetadata()).name).toBe('fake-triton');
    const meta = await client.modelMetadata('polyp-segmentation');
    expect(meta.inputs[0]).toEqual({ name: 'input', datatype: 'FP32', shape: [-1, 3, -1, -1] });
  });

  it('runs inference and reports a 400 for a malformed request without retrying', async () => {
    const client = new OpenInferenceClient({ baseUrl: server.url, retry: fast });
    const response = await client.infer('polyp-segmentation', {
      inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 3, 2, 2], data: new Array(12).fill(0) }],
    });
    expect(response.outputs[0]).toMatchObject({ name: 'output', shape: [1, 1, 2, 2], data: [0.5, 0.5, 0.5, 0.5] });
    await expect(
      client.infer('polyp-segmentation', { inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 3, 2, 2], data: [1] }] }),
    ).rejects.toThrow(/HTTP 400.*has 1 elements/);
    expect(server.count('POST', /infer$/)).toBe(2);
  });
});

describe('smokeTestModel', () => {
  let server: FakeOpenInferenceServer;
  afterEach(() => server.stop());

  it('passes for the polyp model with the polyp defaults', async () => {
    server = await new FakeOpenInferenceServer().start();
    const result = await smokeTestModel({ ...POLYP_SMOKE_TEST, baseUrl: server.url, retry: fast });
    expect(result.input).toEqual({ name: 'input', datatype: 'FP32', shape: [1, 3, 256, 256] });
    expect(result.output).toMatchObject({ name: 'output', shape: [1, 1, 256, 256] });
    expect(result.output.min).toBeGreaterThan(0.5);
    expect(result.output.max).toBeLessThan(1);
    expect(result.modelVersion).toBe('1');
  });

  it('derives input and output from model metadata when not given', async () => {
    server = await new FakeOpenInferenceServer().start();
    const result = await smokeTestModel({ baseUrl: server.url, model: 'polyp-segmentation', dynamicSize: 32, retry: fast });
    expect(result.input.shape).toEqual([1, 3, 32, 32]);
    expect(result.output.shape).toEqual([1, 1, 32, 32]);
  });

  it('waits for a model that is still loading', async () => {
    server = await new FakeOpenInferenceServer({ notReadyChecks: 3 }).start();
    const result = await smokeTestModel({ ...POLYP_SMOKE_TEST, baseUrl: server.url, retry: fast, readyPollMs: 10 });
    expect(result.output.shape).toEqual([1, 1, 256, 256]);
    expect(server.count('GET', /\/ready$/)).toBe(4);
  });

  it('retries inference through 429, 500, a reset and a slow answer', async () => {
    server = await new FakeOpenInferenceServer().start();
    const infer = { method: 'POST', path: /\/infer$/ };
    server.inject(infer, { kind: 'status', status: 429, body: { error: 'too many requests' }, retryAfter: '0' });
    server.inject(infer, { kind: 'status', status: 500, body: { error: 'internal' } });
    server.inject(infer, { kind: 'reset' });
    server.inject(infer, { kind: 'delay', ms: 1_500 });
    const result = await smokeTestModel({ ...POLYP_SMOKE_TEST, inputShape: [1, 3, 64, 64], baseUrl: server.url, timeoutMs: 500, retry: fast });
    expect(result.output.shape).toEqual([1, 1, 64, 64]);
    expect(server.count('POST', /\/infer$/)).toBe(5);
  });

  it('fails when the output has the wrong shape', async () => {
    server = await new FakeOpenInferenceServer({ breakOutputShape: true }).start();
    await expect(smokeTestModel({ ...POLYP_SMOKE_TEST, baseUrl: server.url, retry: fast })).rejects.toThrow(
      new SmokeTestError('output "output" has shape [1,1,256], expected [1,1,256,256]'),
    );
  });

  it('fails when the model never becomes ready', async () => {
    server = await new FakeOpenInferenceServer({ notReadyChecks: 1_000 }).start();
    await expect(
      smokeTestModel({ ...POLYP_SMOKE_TEST, baseUrl: server.url, retry: fast, readyTimeoutSeconds: 0.2, readyPollMs: 20 }),
    ).rejects.toThrow(/not ready after 0.2 s/);
  });

  it('fails for an unknown model and an input the model does not have', async () => {
    server = await new FakeOpenInferenceServer().start();
    await expect(smokeTestModel({ baseUrl: server.url, model: 'other', retry: fast, readyTimeoutSeconds: 0.1, readyPollMs: 20 })).rejects.toThrow(
      /not ready/,
    );
    await expect(smokeTestModel({ ...POLYP_SMOKE_TEST, inputName: 'image', baseUrl: server.url, retry: fast })).rejects.toThrow(
      /has no input "image" \(inputs: input\)/,
    );
  });

  it('sends a bearer token from the environment', async () => {
    server = await new FakeOpenInferenceServer({ token: 'abc' }).start();
    process.env.KFPTS_TEST_KSERVE_TOKEN = 'abc';
    try {
      const result = await smokeTestModel({ ...POLYP_SMOKE_TEST, inputShape: [1, 3, 8, 8], baseUrl: server.url, token: { env: 'KFPTS_TEST_KSERVE_TOKEN' }, retry: fast });
      expect(result.output.shape).toEqual([1, 1, 8, 8]);
    } finally {
      delete process.env.KFPTS_TEST_KSERVE_TOKEN;
    }
  });
});

describe('shape helpers', () => {
  it('fills variable dimensions and matches patterns', () => {
    expect(concreteShape([-1, 3, -1, -1], 64)).toEqual([1, 3, 64, 64]);
    expect(shapeMatches([1, 1, 8, 8], [-1, 1, -1, -1])).toBe(true);
    expect(shapeMatches([1, 2, 8, 8], [-1, 1, -1, -1])).toBe(false);
    expect(shapeMatches([1, 1, 8], [-1, 1, -1, -1])).toBe(false);
  });
});
