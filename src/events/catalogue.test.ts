import { expect, it } from 'vitest';
import { EVENT_TYPE_META } from './catalogue.js';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

it('every type colour reads as badge text on white at 4.5:1 or better', () => {
  const weak = Object.entries(EVENT_TYPE_META)
    .map(([type, { color }]) => ({ type, ratio: 1.05 / (luminance(color) + 0.05) }))
    .filter((t) => t.ratio < 4.5);
  expect(weak).toEqual([]);
  expect(luminance('#ffffff')).toBeCloseTo(1, 5); // the formula itself: white is 1
});
