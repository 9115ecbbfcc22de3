/**
 * A minimal ONNX model writer for tests: protobuf wire encoding of the few ONNX messages a tiny graph needs
 * (ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto, TypeProto,
 * TensorShapeProto, OperatorSetIdProto), with field numbers from onnx.proto. Enough for graphs such as
 * Conv → Sigmoid or Identity with dynamic or fixed dimensions.
 */

/** ONNX element types used here (TensorProto.DataType). */
export const ElemType = { FLOAT: 1, INT64: 7 } as const;

/** A dimension: a fixed size or a symbolic name. */
export type Dim = number | string;

/** A graph input or output. */
export interface ValueInfo {
  name: string;
  elemType?: number;
  shape: Dim[];
}

/** A constant tensor (float32). */
export interface Initializer {
  name: string;
  dims: number[];
  values: number[];
}

/** One node; attributes are ints, int lists or floats. */
export interface Node {
  opType: string;
  inputs: string[];
  outputs: string[];
  name?: string;
  attributes?: Record<string, number | number[] | { float: number }>;
}

/** A whole model. */
export interface ModelSpec {
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  nodes: Node[];
  initializers?: Initializer[];
  opset?: number;
  irVersion?: number;
}

/** Serializes `spec` to ONNX protobuf bytes. */
export function encodeModel(spec: ModelSpec): Uint8Array {
  const graph = new Writer();
  for (const node of spec.nodes) graph.message(1, encodeNode(node));
  graph.string(2, 'test-graph');
  for (const init of spec.initializers ?? []) graph.message(5, encodeTensor(init));
  for (const input of spec.inputs) graph.message(11, encodeValueInfo(input));
  for (const output of spec.outputs) graph.message(12, encodeValueInfo(output));

  const opset = new Writer();
  opset.string(1, '');
  opset.varint(2, spec.opset ?? 17);

  const model = new Writer();
  model.varint(1, spec.irVersion ?? 8);
  model.string(2, 'kfp-ts-tests');
  model.message(7, graph.bytes());
  model.message(8, opset.bytes());
  return model.bytes();
}

function encodeNode(node: Node): Uint8Array {
  const w = new Writer();
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name ?? `${node.opType}_${node.outputs[0]}`);
  w.string(4, node.opType);
  for (const [name, value] of Object.entries(node.attributes ?? {})) {
    const a = new Writer();
    a.string(1, name);
    if (typeof value === 'number') {
      a.varint(3, value);
      a.varint(20, 2); // INT
    } else if (Array.isArray(value)) {
      for (const v of value) a.varint(8, v);
      a.varint(20, 7); // INTS
    } else {
      a.float32(2, value.float);
      a.varint(20, 1); // FLOAT
    }
    w.message(5, a.bytes());
  }
  return w.bytes();
}

function encodeTensor(init: Initializer): Uint8Array {
  const w = new Writer();
  for (const d of init.dims) w.varint(1, d);
  w.varint(2, ElemType.FLOAT);
  w.string(8, init.name);
  w.bytesField(9, new Uint8Array(new Float32Array(init.values).buffer));
  return w.bytes();
}

function encodeValueInfo(info: ValueInfo): Uint8Array {
  const shape = new Writer();
  for (const dim of info.shape) {
    const d = new Writer();
    if (typeof dim === 'number') d.varint(1, dim);
    else d.string(2, dim);
    shape.message(1, d.bytes());
  }
  const tensor = new Writer();
  tensor.varint(1, info.elemType ?? ElemType.FLOAT);
  tensor.message(2, shape.bytes());
  const type = new Writer();
  type.message(1, tensor.bytes());
  const w = new Writer();
  w.string(1, info.name);
  w.message(2, type.bytes());
  return w.bytes();
}

/** Protobuf wire format: varints (type 0), 32-bit (type 5) and length-delimited (type 2) fields. */
class Writer {
  #parts: number[] = [];

  varint(field: number, value: number): void {
    this.#key(field, 0);
    this.#rawVarint(value);
  }

  float32(field: number, value: number): void {
    this.#key(field, 5);
    const bytes = new Uint8Array(new Float32Array([value]).buffer);
    this.#parts.push(...bytes);
  }

  string(field: number, value: string): void {
    this.bytesField(field, new TextEncoder().encode(value));
  }

  message(field: number, value: Uint8Array): void {
    this.bytesField(field, value);
  }

  bytesField(field: number, value: Uint8Array): void {
    this.#key(field, 2);
    this.#rawVarint(value.length);
    for (const byte of value) this.#parts.push(byte);
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.#parts);
  }

  #key(field: number, wireType: number): void {
    this.#rawVarint(field * 8 + wireType);
  }

  #rawVarint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new Error(`varint out of range: ${value}`);
    let v = value;
    while (v >= 0x80) {
      this.#parts.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.#parts.push(v);
  }
}

/** A 1×1 convolution over 3 channels followed by a sigmoid: `sigmoid(Σ w[c]·x[c] + bias)` per pixel. */
export function convSigmoidModel(options: {
  weights?: [number, number, number];
  bias?: number;
  inputName?: string;
  outputName?: string;
  inputShape?: Dim[];
  outputShape?: Dim[];
} = {}): { bytes: Uint8Array; reference: (input: Float32Array, dims: number[]) => Float32Array } {
  const weights = options.weights ?? [0.5, -0.25, 1.0];
  const bias = options.bias ?? 0.1;
  const inputName = options.inputName ?? 'input';
  const outputName = options.outputName ?? 'output';
  const bytes = encodeModel({
    inputs: [{ name: inputName, shape: options.inputShape ?? ['batch', 3, 'height', 'width'] }],
    outputs: [{ name: outputName, shape: options.outputShape ?? ['batch', 1, 'height', 'width'] }],
    initializers: [
      { name: 'W', dims: [1, 3, 1, 1], values: weights },
      { name: 'B', dims: [1], values: [bias] },
    ],
    nodes: [
      { opType: 'Conv', inputs: [inputName, 'W', 'B'], outputs: ['logits'], attributes: { kernel_shape: [1, 1] } },
      { opType: 'Sigmoid', inputs: ['logits'], outputs: [outputName] },
    ],
  });
  const f32 = (x: number) => Math.fround(x);
  const reference = (input: Float32Array, dims: number[]) => {
    const [n, c, h, w] = dims;
    const out = new Float32Array(n * h * w);
    for (let b = 0; b < n; b++) {
      for (let p = 0; p < h * w; p++) {
        let sum = f32(bias);
        for (let ch = 0; ch < c; ch++) sum += f32(weights[ch]) * input[(b * c + ch) * h * w + p];
        out[b * h * w + p] = 1 / (1 + Math.exp(-sum));
      }
    }
    return out;
  };
  return { bytes, reference };
}

/** `output = input` with the given declared shapes (for wrong-shape cases). */
export function identityModel(shape: Dim[], names: { input?: string; output?: string } = {}): Uint8Array {
  const input = names.input ?? 'input';
  const output = names.output ?? 'output';
  return encodeModel({
    inputs: [{ name: input, shape }],
    outputs: [{ name: output, shape }],
    nodes: [{ opType: 'Identity', inputs: [input], outputs: [output] }],
  });
}

/** A model whose output is NaN everywhere: `sqrt(conv(x) - 1)` with zero weights. */
export function nanModel(): Uint8Array {
  return encodeModel({
    inputs: [{ name: 'input', shape: ['batch', 3, 'height', 'width'] }],
    outputs: [{ name: 'output', shape: ['batch', 1, 'height', 'width'] }],
    initializers: [
      { name: 'W', dims: [1, 3, 1, 1], values: [0, 0, 0] },
      { name: 'B', dims: [1], values: [-1] },
    ],
    nodes: [
      { opType: 'Conv', inputs: ['input', 'W', 'B'], outputs: ['negative'], attributes: { kernel_shape: [1, 1] } },
      { opType: 'Sqrt', inputs: ['negative'], outputs: ['output'] },
    ],
  });
}
