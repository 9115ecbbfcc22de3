/**
 * A local run that cannot start or cannot go on for a reason the user must fix (no Docker for a
 * container task, a Python package missing, a pipeline input without a value). Its message is one line,
 * naming the task where there is one; the CLI prints it without a stack trace.
 */
export class LocalRunError extends Error {
  constructor(
    message: string,
    readonly task?: string,
  ) {
    super(task ? `task '${task}': ${message}` : message);
    this.name = 'LocalRunError';
  }
}
