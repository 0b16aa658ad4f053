import { describe, expect, it } from 'vitest';
import { chartWidth, clipLabel, labelMargin, MIN_CHART_WIDTH, quiet, showChart } from '$src/ui/charts/plot';

/** Just enough of a DOM element for the helpers: attributes, labelled descendants, children. */
class FakeElement {
  attributes = new Map<string, string>();
  children: FakeElement[] = [];
  removed = false;
  constructor(readonly labelled: FakeElement[] = []) {}
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  removeAttribute(name: string): void {
    this.attributes.delete(name);
  }
  querySelectorAll(): FakeElement[] {
    return this.labelled;
  }
  replaceChildren(...nodes: FakeElement[]): void {
    this.children = nodes;
  }
  remove(): void {
    this.removed = true;
  }
}

const asElement = (e: FakeElement) => e as unknown as Element;

describe('chart helpers', () => {
  it('quiet drops the labels Plot puts on its groups and hides the drawing from screen readers', () => {
    const group = new FakeElement();
    group.setAttribute('aria-label', 'bar');
    group.setAttribute('aria-description', 'bars');
    const chart = new FakeElement([group]);
    expect(quiet(asElement(chart))).toBe(chart);
    expect(group.attributes.size).toBe(0);
    expect(chart.attributes.get('aria-hidden')).toBe('true');
  });

  it('showChart replaces what the box held, and its clean-up removes the chart', () => {
    const box = new FakeElement();
    box.replaceChildren(new FakeElement());
    const chart = new FakeElement();
    const clear = showChart(asElement(box), asElement(chart));
    expect(box.children).toEqual([chart]);
    expect(chart.attributes.get('aria-hidden')).toBe('true');
    clear();
    expect(chart.removed).toBe(true);
    showChart(asElement(box), null)();
    expect(box.children).toEqual([]);
  });

  it('chartWidth keeps a chart between its least and its largest width', () => {
    expect(chartWidth(100, 720)).toBe(MIN_CHART_WIDTH);
    expect(chartWidth(500, 720)).toBe(500);
    expect(chartWidth(2000, 720)).toBe(720);
    expect(chartWidth(100, 520, 260)).toBe(260);
  });

  it('clipLabel cuts long labels with an ellipsis', () => {
    expect(clipLabel('Flipper Length (mm)', 24)).toBe('Flipper Length (mm)');
    expect(clipLabel('a'.repeat(30), 24)).toBe(`${'a'.repeat(23)}…`);
  });

  it('labelMargin fits the longest cut label, counts short ones as a few characters, and stops at its largest', () => {
    expect(labelMargin(['ab'], 24, 200)).toBe(4 * 7 + 16);
    expect(labelMargin(['Island', 'Body Mass (g)'], 24, 200)).toBe(13 * 7 + 16);
    expect(labelMargin(['x'.repeat(60)], 24, 200)).toBe(24 * 7 + 16);
    expect(labelMargin(['x'.repeat(60)], 40, 200)).toBe(200);
    expect(labelMargin(['x'.repeat(60)], 18, 400, { pad: 12, shortest: 3 })).toBe(18 * 7 + 12);
    expect(labelMargin([], 18, 140, { pad: 12, shortest: 3 })).toBe(3 * 7 + 12);
  });
});
