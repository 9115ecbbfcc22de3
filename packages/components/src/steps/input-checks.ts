/** Checks of step inputs whose failure names the input, in one line. */

/** The trimmed value of a text input that must not be empty. */
export function requiredText(field: string, value: string): string {
  const text = value.trim();
  if (!text) throw new Error(`input '${field}' must not be empty`);
  return text;
}

/** True for a JSON object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
