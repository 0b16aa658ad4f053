/**
 * What every Observable Plot chart of the studio shares: output made silent for assistive
 * technology (the chart's container carries the text alternative), colours read from the page's
 * CSS variables so the charts follow `global.css`, the width a chart is drawn at, and tick labels
 * cut to fit their margin.
 */

/**
 * Plot labels its groups (`aria-label="line"`, "bar", "dot" …) without roles, which screen
 * readers read as noise and axe rejects; the container's label describes the chart instead.
 */
export function quiet<T extends Element>(chart: T): T {
  for (const element of chart.querySelectorAll('[aria-label], [aria-description]')) {
    element.removeAttribute('aria-label');
    element.removeAttribute('aria-description');
  }
  chart.setAttribute('aria-hidden', 'true');
  return chart;
}

/**
 * Puts `chart` (made quiet) in `target` in place of what was there, or empties `target` when
 * there is nothing to draw; returns the clean-up for the effect that drew it.
 */
export function showChart(target: Element, chart: Element | null): () => void {
  target.replaceChildren(...(chart ? [quiet(chart)] : []));
  return () => chart?.remove();
}

/** Charts are never drawn narrower than this, however narrow their box: below it labels collide. */
export const MIN_CHART_WIDTH = 280;

/** The width to draw at in a box `available` pixels wide: at least `min`, at most `max`. */
export function chartWidth(available: number, max: number, min = MIN_CHART_WIDTH): number {
  return Math.max(min, Math.min(available, max));
}

/** A tick label cut to `max` characters, the last one an ellipsis, so long names keep the chart readable. */
export function clipLabel(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const FALLBACK: Record<string, string> = {
  '--ink': '#1b1f24',
  '--muted': '#57606a',
  '--line': '#d0d7de',
  '--accent': '#1f4e79',
  '--danger': '#a40e26',
  '--ok': '#116329',
};

/** The value of a colour variable of `global.css` where `element` sits. */
export function cssColor(element: Element, name: keyof typeof FALLBACK | string): string {
  return getComputedStyle(element).getPropertyValue(name).trim() || FALLBACK[name] || '#1b1f24';
}

/** A second series colour beside the accent, with enough contrast on white (orange, 4.6:1). */
export const SECOND_SERIES = '#b35900';

/** About how wide one character of a 12px tick label is, in pixels. */
const CHARACTER_WIDTH = 7;

/**
 * The margin beside an axis whose tick labels are `labels` cut to `clipAt` characters: wide enough
 * for the longest (counted as at least `shortest` characters) plus `pad`, but no wider than `max`.
 */
export function labelMargin(labels: Iterable<string>, clipAt: number, max: number, { pad = 16, shortest = 4 } = {}): number {
  let longest = shortest;
  for (const label of labels) longest = Math.max(longest, Math.min(clipAt, label.length));
  return Math.min(max, longest * CHARACTER_WIDTH + pad);
}
