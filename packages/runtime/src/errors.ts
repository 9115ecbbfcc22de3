/**
 * Failures of the contract between the KFP launcher and the component (bad executor input, a missing
 * artifact, a return value that does not match the declared outputs), as opposed to errors the component's
 * own code throws. The runtime reports both and exits non-zero; only the former is printed without a stack.
 */
export class ExecutorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecutorError';
  }
}
