/**
 * How far a classifier's probabilities can be taken at their word: the reliability diagram.
 * The rows are grouped by their predicted probability into equal-width bins; for each bin, the
 * mean predicted probability against how often the event really happened. A calibrated model's
 * points lie on the diagonal (of the rows given 0.8, eight in ten are right); points below it
 * mean the model is overconfident there, above it underconfident.
 *
 * Two classes: the probability of the positive class (`classes[1]`) against its share. More:
 * the model's confidence in its top class against how often that class was right (the
 * "top-label" diagram), one curve for any number of classes.
 */

export interface ReliabilityBin {
  /** The bin's probability range [from, to). */
  from: number;
  to: number;
  /** Mean predicted probability of the rows in the bin. */
  predicted: number;
  /** Share of those rows where the event happened (the positive class, or the top class right). */
  observed: number;
  rows: number;
}

/** The non-empty bins of `bins` equal-width bins over [0, 1], in order. */
export function reliabilityBins(yTrue: ArrayLike<number>, probabilities: ArrayLike<number>, classes: number, bins = 10): ReliabilityBin[] {
  const predicted = new Float64Array(bins);
  const happened = new Float64Array(bins);
  const rows = new Float64Array(bins);
  for (let i = 0; i < yTrue.length; i++) {
    let p: number;
    let event: boolean;
    if (classes === 2) {
      p = probabilities[i * 2 + 1];
      event = yTrue[i] === 1;
    } else {
      let top = 0;
      for (let k = 1; k < classes; k++) if (probabilities[i * classes + k] > probabilities[i * classes + top]) top = k;
      p = probabilities[i * classes + top];
      event = yTrue[i] === top;
    }
    if (!Number.isFinite(p)) continue;
    const b = Math.min(bins - 1, Math.max(0, Math.floor(p * bins)));
    predicted[b] += p;
    if (event) happened[b] += 1;
    rows[b] += 1;
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    if (rows[b] === 0) continue;
    out.push({ from: b / bins, to: (b + 1) / bins, predicted: predicted[b] / rows[b], observed: happened[b] / rows[b], rows: rows[b] });
  }
  return out;
}
