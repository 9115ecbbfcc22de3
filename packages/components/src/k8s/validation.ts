/** Checks of user-supplied options before anything is sent to the cluster. */

/** An option that cannot work; the message names the option and the rule. */
export class InvalidOptionError extends Error {
  override readonly name = 'InvalidOptionError';
  constructor(
    readonly option: string,
    message: string,
  ) {
    super(`${option}: ${message}`);
  }
}

/** Throws unless `name` is a DNS-1035 label (lower-case alphanumerics and '-', starting with a letter) of at most `max` characters. */
export function checkDns1035Label(option: string, name: string, max = 63): void {
  if (!/^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name)) {
    throw new InvalidOptionError(
      option,
      `"${name}" must consist of lower-case letters, digits and '-', start with a letter and end with a letter or digit`,
    );
  }
  if (name.length > max) throw new InvalidOptionError(option, `"${name}" is longer than ${max} characters`);
}

/** Throws unless `value` is a Kubernetes resource quantity such as `500m`, `2`, `4Gi`, `1.5`. */
export function checkQuantity(option: string, value: string | number): void {
  if (typeof value === 'number') {
    if (!(Number.isFinite(value) && value >= 0)) throw new InvalidOptionError(option, `${value} is not a non-negative number`);
    return;
  }
  if (!/^[+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+|[numkMGTPE]|[KMGTPE]i)?$/.test(value)) {
    throw new InvalidOptionError(option, `"${value}" is not a resource quantity (e.g. 500m, 2, 4Gi)`);
  }
}

/** Throws unless `value` is an integer within [min, max]. */
export function checkInteger(option: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidOptionError(option, `${value} must be an integer between ${min} and ${max}`);
  }
}
