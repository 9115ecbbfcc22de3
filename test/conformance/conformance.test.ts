/**
 * Conformance: each ported corpus case compiles to IR equal by value to the Python compiler's golden.
 * Cases without a port are listed as todo (see docs/conformance.md for why each is pending).
 */
import { describe, expect, it } from 'vitest';
import { corpusCases } from './corpus.js';
import { formatDifferences } from './compare.js';
import { hasPort, runCase } from './harness.js';
import { intendedDeviations } from './deviations.js';

describe('KFP corpus conformance', () => {
  for (const c of corpusCases()) {
    if (!hasPort(c)) {
      it.todo(c.id);
      continue;
    }
    const deviation = intendedDeviations[c.id];
    it(c.id + (deviation ? ' (intended deviation)' : ''), async () => {
      const { differences } = await runCase(c);
      expect(differences, `differs from the golden:\n${formatDifferences(differences)}`).toEqual(deviation?.differences ?? []);
    });
  }
});
