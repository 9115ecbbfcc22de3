/**
 * Errors raised by the HTTP helpers. Messages name the method, the URL without credentials or query,
 * the status and a short excerpt of the response body — never request headers.
 */

/** A response with a non-2xx status. */
export class HttpStatusError extends Error {
  override readonly name = 'HttpStatusError';
  constructor(
    /** HTTP status code. */
    readonly status: number,
    /** `GET`, `POST`, … */
    readonly method: string,
    /** Request URL with credentials and query removed. */
    readonly url: string,
    /** The response body (truncated). */
    readonly body: string,
    /** Delay asked for by a `Retry-After` header, in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(`${method} ${url} failed with HTTP ${status}${body ? `: ${excerpt(body)}` : ''}`);
  }
}

/** A request that did not complete within its time limit. */
export class RequestTimeoutError extends Error {
  override readonly name = 'RequestTimeoutError';
  constructor(
    readonly method: string,
    readonly url: string,
    readonly timeoutMs: number,
  ) {
    super(`${method} ${url} timed out after ${timeoutMs} ms`);
  }
}

/** Shortens a response body for an error message: first line-ish, at most 300 characters. */
export function excerpt(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** A URL fit for messages: no user info, no query string, no fragment. */
export function displayUrl(url: string | URL): string {
  try {
    const u = new URL(String(url));
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return '<invalid url>';
  }
}
