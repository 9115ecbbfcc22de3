/** A tiny word-list sentiment scorer: plain TypeScript, bundled with the components that import it. */
const POSITIVE = new Set(['great', 'good', 'well', 'value', 'support']);
const NEGATIVE = new Set(['terrible', 'bad', 'poor', 'broke']);

export function tokenize(text: string): string[] {
  return text.toLowerCase().split(/[^a-z]+/).filter(Boolean);
}

/** Positive words minus negative words. */
export function score(words: readonly string[]): number {
  return words.reduce((sum, w) => sum + (POSITIVE.has(w) ? 1 : NEGATIVE.has(w) ? -1 : 0), 0);
}
