/**
 * What the Evaluate and Test charts share: Plot output made silent for assistive technology (the
 * chart's container carries the text alternative) and colours read from the page's CSS
 * variables, so the charts follow `global.css`.
 */

/**
 * Plot labels its groups (`aria-label="line"`, "dot" …) without roles, which screen readers read
 * as noise and axe rejects; the container's label describes the chart instead.
 */
export function quiet<T extends Element>(chart: T): T {
  for (const element of chart.querySelectorAll('[aria-label], [aria-description]')) {
    element.removeAttribute('aria-label');
    element.removeAttribute('aria-description');
  }
  chart.setAttribute('aria-hidden', 'true');
  return chart;
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
