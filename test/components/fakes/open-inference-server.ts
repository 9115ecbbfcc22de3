/**
 * A fake model server speaking the Open Inference Protocol v2 over REST (the KServe "V2 inference
 * protocol" spec), serving one segmentation model shaped like the polyp model:
 *
 *   GET  /v2/health/live, /v2/health/ready          200 {live|ready: true}
 *   GET  /v2                                        200 {name, version, extensions}
 *   GET  /v2/models/{m}[/versions/{v}]              200 {name, versions, platform, inputs, outputs}; 404 {error}
 *   GET  /v2/models/{m}[/versions/{v}]/ready        200 {name, ready: true}; 503 {error} while loading; 404 {error}
 *   POST /v2/models/{m}[/versions/{v}]/infer        200 {model_name, model_version, id, outputs};
 *                                                   400 {error} for a malformed request (unknown input,
 *                                                   wrong datatype, shape or element count); 404 {error}
 *
 * The model takes `input` FP32 [-1,3,-1,-1] and returns `output` FP32 [-1,1,-1,-1]: the sigmoid of
 * the channel mean per pixel. `breakOutputShape` makes it answer a wrong shape.
 */
import { FaultServer, type FakeRequest, type FakeResponse } from './fault-server.js';

export interface FakeOpenInferenceOptions {
  model?: string;
  version?: string;
  /** Readiness checks answered 503 before the model is ready. Default 0. */
  notReadyChecks?: number;
  /** Drop the spatial size from the output shape (a broken model). */
  breakOutputShape?: boolean;
  /** Required bearer token (`authorization`). */
  token?: string;
}

export class FakeOpenInferenceServer extends FaultServer {
  readonly model: string;
  readonly version: string;
  private readyChecks = 0;

  constructor(private readonly options: FakeOpenInferenceOptions = {}) {
    super((request) => this.route(request));
    this.model = options.model ?? 'polyp-segmentation';
    this.version = options.version ?? '1';
  }

  private route(request: FakeRequest): FakeResponse {
    if (this.options.token && request.headers.authorization !== `Bearer ${this.options.token}`) {
      return { status: 401, body: { error: 'Unauthorized' } };
    }
    const { method, path } = request;
    if (method === 'GET' && path === '/v2/health/live') return { status: 200, body: { live: true } };
    if (method === 'GET' && path === '/v2/health/ready') return { status: 200, body: { ready: true } };
    if (method === 'GET' && path === '/v2') {
      return { status: 200, body: { name: 'fake-triton', version: '2.50.0', extensions: ['model_repository'] } };
    }
    const match = /^\/v2\/models\/([^/]+)(?:\/versions\/([^/]+))?(\/ready|\/infer)?$/.exec(path);
    if (!match) return { status: 404, body: { error: `no route for ${method} ${path}` } };
    const [, model, version, action] = match;
    if (decodeURIComponent(model) !== this.model || (version && version !== this.version)) {
      return { status: 404, body: { error: `Model with name ${decodeURIComponent(model)} does not exist.` } };
    }
    if (method === 'GET' && !action) return { status: 200, body: this.metadata() };
    if (method === 'GET' && action === '/ready') {
      if (this.readyChecks++ < (this.options.notReadyChecks ?? 0)) {
        return { status: 503, body: { error: `Model with name ${this.model} is not ready.` } };
      }
      return { status: 200, body: { name: this.model, ready: true } };
    }
    if (method === 'POST' && action === '/infer') return this.infer(request.body);
    return { status: 405, body: { error: 'method not allowed' } };
  }

  private metadata() {
    return {
      name: this.model,
      versions: [this.version],
      platform: 'onnxruntime_onnx',
      inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 3, -1, -1] }],
      outputs: [{ name: 'output', datatype: 'FP32', shape: [-1, 1, -1, -1] }],
    };
  }

  private infer(text: string): FakeResponse {
    let request: { id?: string; inputs?: { name: string; shape: number[]; datatype: string; data: unknown[] }[]; outputs?: { name: string }[] };
    try {
      request = JSON.parse(text);
    } catch {
      return { status: 400, body: { error: 'Unrecognized request format: invalid JSON' } };
    }
    const input = request.inputs?.find((i) => i.name === 'input');
    if (!input) return { status: 400, body: { error: `expected input "input", got ${(request.inputs ?? []).map((i) => i.name).join(', ') || 'none'}` } };
    if (input.datatype !== 'FP32') return { status: 400, body: { error: `input "input" has datatype ${input.datatype}, expected FP32` } };
    const [n, c, h, w] = input.shape ?? [];
    if (input.shape?.length !== 4 || c !== 3) return { status: 400, body: { error: `unexpected shape [${input.shape}] for input "input", model accepts [-1,3,-1,-1]` } };
    const flat = input.data;
    if (!Array.isArray(flat) || flat.length !== n * c * h * w) {
      return { status: 400, body: { error: `input "input" has ${Array.isArray(flat) ? flat.length : 0} elements, shape needs ${n * c * h * w}` } };
    }
    const unknown = (request.outputs ?? []).find((o) => o.name !== 'output');
    if (unknown) return { status: 400, body: { error: `unknown output "${unknown.name}"` } };
    const out: number[] = new Array(n * h * w);
    for (let b = 0; b < n; b++)
      for (let p = 0; p < h * w; p++) {
        let sum = 0;
        for (let ch = 0; ch < c; ch++) sum += Number(flat[(b * c + ch) * h * w + p]);
        out[b * h * w + p] = 1 / (1 + Math.exp(-sum / c));
      }
    const shape = this.options.breakOutputShape ? [n, 1, h] : [n, 1, h, w];
    return {
      status: 200,
      body: {
        model_name: this.model,
        model_version: this.version,
        id: request.id ?? 'generated',
        outputs: [{ name: 'output', datatype: 'FP32', shape, data: this.options.breakOutputShape ? out.slice(0, n * h) : out }],
      },
    };
  }
}
