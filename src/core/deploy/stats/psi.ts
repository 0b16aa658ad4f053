/** The Population Stability Index: how far a distribution over fixed bins moved. */

/** Smallest share a bin counts with in the PSI, so that an empty bin does not make it infinite. */
export const PSI_EPSILON = 1e-4;

/**
 * PSI = Σ (aᵢ − eᵢ) · ln(aᵢ / eᵢ) over the bins, with eᵢ and aᵢ the expected (reference) and actual
 * (live) share of bin i. Each share is first raised to at least {@link PSI_EPSILON} (1e-4), so a
 * bin that is empty on one side adds a large but finite term instead of ∞ (the shares are not
 * renormalised: the epsilon only matters for empty or nearly empty bins). 0 means identical
 * shares; by convention < 0.1 is stable, 0.1 – 0.2 some shift, > 0.2 a significant shift.
 */
export function populationStabilityIndex(expected: readonly number[], actual: readonly number[]): number {
  if (expected.length !== actual.length) {
    throw new Error(`PSI needs the same bins on both sides: ${expected.length} expected shares but ${actual.length} actual ones.`);
  }
  let psi = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = Math.max(expected[i], PSI_EPSILON);
    const a = Math.max(actual[i], PSI_EPSILON);
    psi += (a - e) * Math.log(a / e);
  }
  return psi;
}
