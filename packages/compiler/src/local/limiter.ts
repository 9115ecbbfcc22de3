/**
 * A cap on how many jobs run at once (the run's `--parallelism`, a loop's `parallelism`): jobs beyond the
 * cap wait, in the order they asked, for a running one to end.
 */
export class Limiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  /** `limit` jobs at most at once; 0 or Infinity for no cap. */
  constructor(private readonly limit: number) {}

  /** Runs `job` when a place is free, and frees the place when it ends. */
  async run<T>(job: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await job();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.limit <= 0 || this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    // The place passes straight to the next job, so `running` stays the same.
    if (next) next();
    else this.running--;
  }
}
