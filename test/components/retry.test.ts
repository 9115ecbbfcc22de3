/**
 * The shared retry helper and JSON client: which failures are retried (429 with Retry-After, 5xx,
 * connection resets, time-outs), which are not (4xx), and that credentials never reach errors.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  HttpStatusError,
  RequestTimeoutError,
  isTransientError,
  parseRetryAfter,
  readSecret,
  requestJson,
  withRetry,
} from '@kfp-ts/components';
import { FaultServer } from './fakes/fault-server.js';
import { rejectionOf } from './rejection.js';

const fast = { initialDelayMs: 5, maxDelayMs: 20 };

describe('withRetry', () => {
  it('retries transient failures and returns the first success', async () => {
    let calls = 0;
    const value = await withRetry(async (attempt) => {
      calls++;
      if (attempt < 3) throw new HttpStatusError(503, 'GET', 'http://x/', 'busy');
      return 'ok';
    }, fast);
    expect(value).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry a client error', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new HttpStatusError(400, 'POST', 'http://x/', 'bad');
      }, fast),
    ).rejects.toThrow('HTTP 400');
    expect(calls).toBe(1);
  });

  it('gives up after the configured attempts with the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(async () => {
        calls++;
        throw new HttpStatusError(500, 'GET', 'http://x/', `boom ${calls}`);
      }, { ...fast, attempts: 4 }),
    ).rejects.toThrow('boom 4');
    expect(calls).toBe(4);
  });

  it('classifies errors', () => {
    expect(isTransientError(new HttpStatusError(429, 'GET', 'u', ''))).toBe(true);
    expect(isTransientError(new HttpStatusError(502, 'GET', 'u', ''))).toBe(true);
    expect(isTransientError(new HttpStatusError(501, 'GET', 'u', ''))).toBe(false);
    expect(isTransientError(new HttpStatusError(404, 'GET', 'u', ''))).toBe(false);
    expect(isTransientError(new RequestTimeoutError('GET', 'u', 10))).toBe(true);
    expect(isTransientError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))).toBe(true);
    expect(isTransientError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(isTransientError({ code: 409, body: '' })).toBe(false); // a client-node ApiException shape
    expect(isTransientError({ code: 503, body: '' })).toBe(true);
    expect(isTransientError(new Error('logic error'))).toBe(false);
  });

  it('parses Retry-After in seconds and as an HTTP date', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.5')).toBe(500);
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:03 GMT', now)).toBe(3000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('requestJson against a faulty server', () => {
  let server: FaultServer;
  let hits = 0;
  beforeEach(async () => {
    hits = 0;
    server = await new FaultServer(() => ({ status: 200, body: { hits: ++hits } })).start();
  });
  afterEach(() => server.stop());

  it('honours 429 Retry-After, then succeeds', async () => {
    server.inject({ path: /^\/thing$/ }, { kind: 'status', status: 429, retryAfter: '1' });
    const started = Date.now();
    expect(await requestJson({ url: `${server.url}/thing`, retry: fast })).toEqual({ hits: 1 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(server.count('GET', /^\/thing$/)).toBe(2);
  });

  it('retries 500 and connection resets', async () => {
    server.inject({ path: /^\/thing$/ }, { kind: 'status', status: 500 });
    server.inject({ path: /^\/thing$/ }, { kind: 'reset' });
    expect(await requestJson({ url: `${server.url}/thing`, retry: fast })).toEqual({ hits: 1 });
    expect(server.count('GET', /^\/thing$/)).toBe(3);
  });

  it('times out a slow response and retries it', async () => {
    server.inject({ path: /^\/thing$/ }, { kind: 'delay', ms: 1_000 });
    expect(await requestJson({ url: `${server.url}/thing`, timeoutMs: 200, retry: fast })).toEqual({ hits: 2 });
  });

  it('reports a time-out after the last attempt', async () => {
    server.inject({ path: /^\/thing$/ }, { kind: 'delay', ms: 1_000 }, 2);
    await expect(requestJson({ url: `${server.url}/thing`, timeoutMs: 100, retry: { ...fast, attempts: 2 } })).rejects.toBeInstanceOf(
      RequestTimeoutError,
    );
  });

  it('fails at once on 404, without headers or query in the message', async () => {
    server.inject({ path: /^\/thing$/ }, { kind: 'status', status: 404, body: 'no such thing' });
    const error = await rejectionOf<HttpStatusError>(
      requestJson({ url: `${server.url}/thing?token=abc`, headers: { authorization: 'Bearer s3cr3t' }, retry: fast }),
    );
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error.status).toBe(404);
    expect(error.message).toContain('no such thing');
    expect(error.message).not.toMatch(/s3cr3t|token=abc/);
    expect(server.count('GET', /^\/thing$/)).toBe(1);
  });

  it('refuses credentials embedded in the URL without echoing them', async () => {
    const url = `http://user:pw@${server.url.slice('http://'.length)}/thing`;
    const error = await rejectionOf<Error>(requestJson({ url, retry: fast }));
    expect(error.message).toContain('credentials in URLs are not supported');
    expect(error.message).not.toContain('pw');
    expect(server.count('GET', /^\/thing$/)).toBe(0);
  });
});

describe('readSecret', () => {
  it('reads from the environment first, then a mounted file, never failing on a missing file', () => {
    expect(readSecret({ env: 'X_TOKEN' }, { X_TOKEN: ' abc \n' })).toBe('abc');
    expect(readSecret({ env: 'X_TOKEN', file: '/nonexistent/token' }, {})).toBeUndefined();
    expect(readSecret(undefined)).toBeUndefined();
  });
});
