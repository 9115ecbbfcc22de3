/**
 * Waiting for a custom object to reach a state: read it, then watch it from that resourceVersion,
 * and start over (read, watch) whenever the stream ends or fails — so a dropped connection, an
 * expired resourceVersion (410 Gone) or a restarted API server only costs a re-read.
 */
import { sleep } from '../http/retry.js';
import type { AnyKubeObject, CustomResourceType, KubeClient } from './client.js';

/** How long and how to wait. */
export interface WaitOptions<T> {
  /** Overall time limit, in milliseconds. */
  timeoutMs: number;
  /** Longest single watch request before it is renewed, in seconds. Default 300. */
  watchSeconds?: number;
  /** Pause after a failed watch before reading again, in milliseconds. Default 2 000. */
  retryPauseMs?: number;
  /** Called with every version of the object seen (or `undefined` once it is gone). */
  onObject?: (object: T | undefined) => void;
  /** Stops waiting (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

/** The object did not reach the awaited state in time; carries the last version seen. */
export class WaitTimeoutError<T> extends Error {
  override readonly name = 'WaitTimeoutError';
  constructor(
    message: string,
    readonly lastSeen: T | undefined,
  ) {
    super(message);
  }
}

/**
 * Resolves with the first non-undefined value `decide` returns for a version of the object
 * (`undefined` is passed while the object does not exist). `decide` may throw to stop waiting.
 */
export async function waitForObject<T extends AnyKubeObject, R>(
  client: KubeClient,
  type: CustomResourceType,
  namespace: string,
  name: string,
  decide: (object: T | undefined) => R | undefined,
  options: WaitOptions<T>,
): Promise<R> {
  const deadline = Date.now() + options.timeoutMs;
  let lastSeen: T | undefined;
  const see = (object: T | undefined): R | undefined => {
    lastSeen = object;
    options.onObject?.(object);
    return decide(object);
  };

  while (Date.now() < deadline) {
    options.signal?.throwIfAborted();
    const current = await client.get<T>(type, namespace, name);
    const early = see(current);
    if (early !== undefined) return early;

    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) break;
    const watchStarted = Date.now();
    const outcome = await watchOnce(client, type, namespace, name, current?.metadata.resourceVersion, see, {
      seconds: Math.min(remainingMs / 1000, options.watchSeconds ?? 300),
      deadline,
      signal: options.signal,
    });
    if (outcome.decided) return outcome.value as R;
    // A failed watch, or one the server ended at once, would otherwise turn into a tight read loop.
    if (outcome.failed || Date.now() - watchStarted < 500) {
      await sleep(Math.min(options.retryPauseMs ?? 2_000, deadline - Date.now()), options.signal);
    }
  }
  options.signal?.throwIfAborted();
  throw new WaitTimeoutError(
    `timed out after ${Math.round(options.timeoutMs / 1000)} s waiting for ${type.kind} ${namespace}/${name}`,
    lastSeen,
  );
}

interface WatchOutcome<R> {
  decided: boolean;
  value?: R;
  failed?: boolean;
}

/** One watch request: ends when `see` decides, the stream ends or fails, or the deadline passes. */
async function watchOnce<T extends AnyKubeObject, R>(
  client: KubeClient,
  type: CustomResourceType,
  namespace: string,
  name: string,
  resourceVersion: string | undefined,
  see: (object: T | undefined) => R | undefined,
  limits: { seconds: number; deadline: number; signal?: AbortSignal },
): Promise<WatchOutcome<R>> {
  return new Promise<WatchOutcome<R>>((resolve, reject) => {
    let finished = false;
    let stop = () => {};
    const timer = setTimeout(() => finish({ decided: false }), Math.max(0, limits.deadline - Date.now()));
    const onAbort = () => finish({ decided: false });
    limits.signal?.addEventListener('abort', onAbort, { once: true });
    function finish(outcome: WatchOutcome<R> | { error: unknown }) {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      limits.signal?.removeEventListener('abort', onAbort);
      stop();
      if ('error' in outcome) reject(outcome.error);
      else resolve(outcome);
    }

    client
      .watch<T>(type, namespace, name, { resourceVersion, timeoutSeconds: limits.seconds }, (event) => {
        if (finished) return;
        // ERROR carries a Status (typically 410 Gone): re-read and watch again.
        if (event.type === 'ERROR') return finish({ decided: false, failed: true });
        if (event.type === 'BOOKMARK') return;
        try {
          const value = see(event.type === 'DELETED' ? undefined : event.object);
          if (value !== undefined) finish({ decided: true, value });
        } catch (error) {
          finish({ error });
        }
      })
      .then(
        (handle) => {
          if (finished) return handle.stop();
          stop = handle.stop;
          handle.done.then(
            () => finish({ decided: false }),
            () => finish({ decided: false, failed: true }),
          );
        },
        () => finish({ decided: false, failed: true }),
      );
  });
}
