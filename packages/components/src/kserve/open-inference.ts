/**
 * Open Inference Protocol (KServe v2) REST client and a smoke test: wait for the model to be ready,
 * send one synthetic request to `/v2/models/<model>/infer`, and check the output's name, datatype,
 * shape and values.
 */
import { HttpStatusError } from '../http/errors.js';
import { DEFAULT_REQUEST_TIMEOUT_MS, requestJson } from '../http/json-client.js';
import { type RetryOptions, sleep, withRetry } from '../http/retry.js';
import { type SecretSource, bearerHeader } from '../http/secrets.js';

/** Tensor datatypes of the protocol. */
export type InferDatatype =
  | 'BOOL' | 'UINT8' | 'UINT16' | 'UINT32' | 'UINT64' | 'INT8' | 'INT16' | 'INT32' | 'INT64'
  | 'FP16' | 'FP32' | 'FP64' | 'BYTES';

/** A tensor's description in model metadata; -1 marks a variable dimension. */
export interface TensorMetadata {
  name: string;
  datatype: InferDatatype;
  shape: number[];
}

/** `GET /v2/models/{model}`. */
export interface ModelMetadata {
  name: string;
  versions?: string[];
  platform: string;
  inputs: TensorMetadata[];
  outputs: TensorMetadata[];
}

/** One tensor of a request or response; `data` is flat, row-major. */
export interface InferTensor {
  name: string;
  shape: number[];
  datatype: InferDatatype;
  data: unknown[];
  parameters?: Record<string, unknown>;
}

/** `POST /v2/models/{model}/infer` body. */
export interface InferRequest {
  id?: string;
  parameters?: Record<string, unknown>;
  inputs: InferTensor[];
  outputs?: { name: string; parameters?: Record<string, unknown> }[];
}

/** Its answer. */
export interface InferResponse {
  model_name: string;
  model_version?: string;
  id?: string;
  parameters?: Record<string, unknown>;
  outputs: InferTensor[];
}

/** Where the inference server is and how patiently to call it. */
export interface OpenInferenceClientOptions {
  /** Base URL, e.g. the InferenceService's `status.address.url`. */
  baseUrl: string;
  /** Bearer token (`Authorization`) if the endpoint is protected. Default env `KSERVE_AUTH_TOKEN`. */
  token?: SecretSource;
  /**
   * Extra headers. `Host` cannot be set (fetch ignores it), so routing through an ingress gateway by
   * host name is not possible; inside the cluster use the service's `status.address.url`.
   */
  headers?: Record<string, string>;
  /** Time limit of one request, in milliseconds. Default 30 000. */
  timeoutMs?: number;
  retry?: RetryOptions;
}

/** Client of one Open Inference Protocol REST endpoint. */
export class OpenInferenceClient {
  readonly baseUrl: string;
  private readonly options: OpenInferenceClientOptions;

  constructor(options: OpenInferenceClientOptions) {
    this.baseUrl = options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
    this.options = options;
  }

  /** `GET /v2/health/live`: true on 200. */
  live(): Promise<boolean> {
    return this.probe('v2/health/live');
  }

  /** `GET /v2/health/ready`: true on 200. */
  ready(): Promise<boolean> {
    return this.probe('v2/health/ready');
  }

  /** `GET /v2/models/{model}[/versions/{v}]/ready`: true on 200. */
  modelReady(model: string, version?: string): Promise<boolean> {
    return this.probe(`${modelPath(model, version)}/ready`);
  }

  /** `GET /v2`. */
  serverMetadata(): Promise<{ name: string; version: string; extensions?: string[] }> {
    return this.call('GET', 'v2');
  }

  /** `GET /v2/models/{model}[/versions/{v}]`. */
  modelMetadata(model: string, version?: string): Promise<ModelMetadata> {
    return this.call('GET', modelPath(model, version));
  }

  /** `POST /v2/models/{model}[/versions/{v}]/infer`. Inference has no side effects, so it is retried like a read. */
  infer(model: string, request: InferRequest, version?: string): Promise<InferResponse> {
    return this.call('POST', `${modelPath(model, version)}/infer`, request);
  }

  private async probe(path: string): Promise<boolean> {
    try {
      await this.call('GET', path);
      return true;
    } catch (error) {
      if (error instanceof HttpStatusError && error.status < 500) return false;
      throw error;
    }
  }

  private call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    return withRetry(
      () =>
        requestJson<T>({
          method,
          url: new URL(path, this.baseUrl),
          body,
          headers: { ...this.options.headers, ...bearerHeader('authorization', this.options.token ?? { env: 'KSERVE_AUTH_TOKEN' }) },
          timeoutMs: this.options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
          retry: false,
        }),
      this.options.retry,
    );
  }
}

/** Options of {@link smokeTestModel}. */
export interface SmokeTestOptions extends OpenInferenceClientOptions {
  /** Inference model name (for Triton: the model's directory, e.g. `polyp-segmentation`). */
  model: string;
  version?: string;
  /** Input tensor; default the model's first input from its metadata. */
  inputName?: string;
  /** Input datatype; default from metadata, else FP32. */
  datatype?: InferDatatype;
  /** Concrete input shape; default the metadata shape with -1 replaced by 1 (first) and `dynamicSize` (others). */
  inputShape?: number[];
  /** Size used for variable dimensions other than the first. Default 64. */
  dynamicSize?: number;
  /** Output tensor to check; default the model's first output. */
  outputName?: string;
  /** Expected output shape (-1 = any) or a function of the input shape; default the metadata shape. */
  expectedOutputShape?: number[] | ((inputShape: number[]) => number[]);
  /** How long to wait for the model to become ready, in seconds. Default 300. */
  readyTimeoutSeconds?: number;
  /** Poll interval of the readiness check, in milliseconds. Default 2 000. */
  readyPollMs?: number;
  log?: (line: string) => void;
}

/** What the smoke test saw. */
export interface SmokeTestResult {
  model: string;
  modelVersion?: string;
  input: { name: string; datatype: InferDatatype; shape: number[] };
  output: { name: string; datatype: InferDatatype; shape: number[]; min?: number; max?: number };
  latencyMs: number;
}

/** The endpoint answered, but not as the model should. */
export class SmokeTestError extends Error {
  override readonly name = 'SmokeTestError';
}

/**
 * Waits for the model to be ready, sends one deterministic synthetic input, and checks that the
 * chosen output exists with the expected shape, a matching element count and finite values.
 */
export async function smokeTestModel(options: SmokeTestOptions): Promise<SmokeTestResult> {
  const client = new OpenInferenceClient(options);
  const log = options.log ?? (() => {});
  // Readiness is polled, so each probe is a single attempt.
  await waitForModelReady(new OpenInferenceClient({ ...options, retry: { ...options.retry, attempts: 1 } }), options);
  const metadata = await client.modelMetadata(options.model, options.version).catch((error: unknown) => {
    if (options.inputName && options.inputShape) return undefined; // metadata optional when fully specified
    throw error;
  });

  const inputMeta = options.inputName
    ? metadata?.inputs.find((i) => i.name === options.inputName)
    : metadata?.inputs[0];
  const inputName = options.inputName ?? inputMeta?.name;
  if (!inputName) throw new SmokeTestError(`model ${options.model} reports no inputs`);
  if (metadata && !inputMeta) {
    const names = metadata.inputs.map((i) => i.name).join(', ');
    throw new SmokeTestError(`model ${options.model} has no input "${inputName}" (inputs: ${names})`);
  }
  const datatype = options.datatype ?? inputMeta?.datatype ?? 'FP32';
  const shape = options.inputShape ?? concreteShape(inputMeta!.shape, options.dynamicSize ?? 64);
  if (inputMeta && !shapeMatches(shape, inputMeta.shape)) {
    throw new SmokeTestError(`input shape [${shape}] does not fit the model's [${inputMeta.shape}]`);
  }

  const outputMeta = options.outputName ? metadata?.outputs.find((o) => o.name === options.outputName) : metadata?.outputs[0];
  const outputName = options.outputName ?? outputMeta?.name;
  const request: InferRequest = {
    id: `smoke-${Date.now()}`,
    inputs: [{ name: inputName, shape, datatype, data: syntheticData(datatype, product(shape)) }],
    ...(outputName ? { outputs: [{ name: outputName }] } : {}),
  };
  const started = Date.now();
  const response = await client.infer(options.model, request, options.version);
  const latencyMs = Date.now() - started;

  const output = outputName ? response.outputs?.find((o) => o.name === outputName) : response.outputs?.[0];
  if (!output) {
    throw new SmokeTestError(`response has no output "${outputName}" (got ${(response.outputs ?? []).map((o) => o.name).join(', ') || 'none'})`);
  }
  const expected =
    typeof options.expectedOutputShape === 'function' ? options.expectedOutputShape(shape) : (options.expectedOutputShape ?? outputMeta?.shape);
  if (expected && !shapeMatches(output.shape, expected)) {
    throw new SmokeTestError(`output "${output.name}" has shape [${output.shape}], expected [${expected}]`);
  }
  const values = Array.isArray(output.data) ? output.data : [];
  if (values.length !== product(output.shape)) {
    throw new SmokeTestError(`output "${output.name}" has ${values.length} values for shape [${output.shape}] (${product(output.shape)} expected)`);
  }
  let min: number | undefined;
  let max: number | undefined;
  if (output.datatype !== 'BYTES' && output.datatype !== 'BOOL') {
    for (const v of values) {
      if (typeof v !== 'number' || !Number.isFinite(v)) {
        throw new SmokeTestError(`output "${output.name}" contains a non-finite value (${String(v)})`);
      }
      min = min === undefined || v < min ? v : min;
      max = max === undefined || v > max ? v : max;
    }
  }
  log(`smoke test of ${options.model}: input [${shape}] → output ${output.name} [${output.shape}] in ${latencyMs} ms`);
  return {
    model: response.model_name,
    modelVersion: response.model_version,
    input: { name: inputName, datatype, shape },
    output: { name: output.name, datatype: output.datatype, shape: output.shape, min, max },
    latencyMs,
  };
}

/** Polls `/v2/models/{model}/ready` until it answers 200 or time runs out. */
async function waitForModelReady(client: OpenInferenceClient, options: SmokeTestOptions): Promise<void> {
  const deadline = Date.now() + (options.readyTimeoutSeconds ?? 300) * 1000;
  for (;;) {
    const ready = await client.modelReady(options.model, options.version).catch(() => false);
    if (ready) return;
    if (Date.now() >= deadline) {
      throw new SmokeTestError(`model ${options.model} at ${client.baseUrl} not ready after ${options.readyTimeoutSeconds ?? 300} s`);
    }
    await sleep(Math.min(options.readyPollMs ?? 2_000, deadline - Date.now()));
  }
}

/** Replaces variable dimensions (-1): the first (batch) with 1, the others with `size`. */
export function concreteShape(shape: number[], size: number): number[] {
  return shape.map((d, i) => (d >= 0 ? d : i === 0 ? 1 : size));
}

/** Same rank, and equal wherever `pattern` is not -1. */
export function shapeMatches(shape: number[], pattern: number[]): boolean {
  return shape.length === pattern.length && shape.every((d, i) => pattern[i] === -1 || pattern[i] === d);
}

function product(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Deterministic values in [0, 1) for floats, small integers otherwise. */
function syntheticData(datatype: InferDatatype, count: number): unknown[] {
  const data = new Array<unknown>(count);
  for (let i = 0; i < count; i++) {
    const x = ((i * 2654435761) >>> 0) % 1000;
    data[i] = datatype === 'BOOL' ? x % 2 === 0 : datatype === 'BYTES' ? String(x) : datatype.startsWith('FP') ? x / 1000 : x % 100;
  }
  return data;
}

function modelPath(model: string, version?: string): string {
  return `v2/models/${encodeURIComponent(model)}${version ? `/versions/${encodeURIComponent(version)}` : ''}`;
}
