/**
 * A tiny HTTP server on 127.0.0.1 for protocol fakes, with fault injection: answer a status
 * (429 with Retry-After, 500, 503), reset the connection before or after handling the request,
 * or delay the response. Every request is recorded.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the handler sees it. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What a handler answers. */
export interface FakeResponse {
  status: number;
  /** A string is sent as text/plain, anything else as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** A fault applied to matching requests. */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown; retryAfter?: string }
  /** Destroy the socket without answering; the request is not handled. */
  | { kind: 'reset' }
  /** Handle the request (side effects happen), then destroy the socket: the answer is lost. */
  | { kind: 'resetAfterHandling' }
  /** Handle the request, then wait before answering. */
  | { kind: 'delay'; ms: number };

interface FaultRule {
  method?: string;
  path: RegExp;
  fault: Fault;
  remaining: number;
}

export type Handler = (request: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** The running server. */
export class FaultServer {
  readonly requests: FakeRequest[] = [];
  private readonly rules: FaultRule[] = [];
  private server?: Server;
  url = '';

  constructor(private readonly handler: Handler) {}

  /** Starts listening on an ephemeral port of 127.0.0.1. */
  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Applies `fault` to the next `times` requests matching method and path. */
  inject(match: { method?: string; path: RegExp }, fault: Fault, times = 1): void {
    this.rules.push({ ...match, fault, remaining: times });
  }

  /** Requests received so far that match. */
  count(method: string, path: RegExp): number {
    return this.requests.filter((r) => r.method === method && path.test(r.path)).length;
  }

  private takeFault(method: string, path: string): Fault | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && (!r.method || r.method === method) && r.path.test(path));
    if (!rule) return undefined;
    rule.remaining--;
    return rule.fault;
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', 'http://fake');
    const request: FakeRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    this.requests.push(request);
    const fault = this.takeFault(request.method, request.path);
    if (fault?.kind === 'reset') return void req.socket.destroy();
    if (fault?.kind === 'status') {
      return send(res, {
        status: fault.status,
        body: fault.body ?? `injected ${fault.status}`,
        headers: fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      });
    }
    let answer: FakeResponse;
    try {
      answer = await this.handler(request);
    } catch (error) {
      answer = { status: 500, body: `handler error: ${(error as Error).message}` };
    }
    if (fault?.kind === 'resetAfterHandling') return void req.socket.destroy();
    if (fault?.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    if (!res.destroyed) send(res, answer);
  }
}

function send(res: ServerResponse, answer: FakeResponse): void {
  const text = typeof answer.body === 'string' ? answer.body : answer.body === undefined ? '' : JSON.stringify(answer.body);
  const type = typeof answer.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json';
  res.writeHead(answer.status, { 'content-type': type, ...answer.headers });
  res.end(text);
}
