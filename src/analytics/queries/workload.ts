/** Workload balance figures of KPI 5, as pure functions (tested by hand in workload.test.ts). */

/**
 * Gini coefficient of non-negative values: Σᵢ Σⱼ |xᵢ − xⱼ| ÷ (2 n² μ). 0 when all are equal, (n−1)/n when
 * one member does everything; null when there is nothing to share (no values or a zero total).
 */
export function gini(values: number[]): number | null {
  const n = values.length;
  const total = values.reduce((s, x) => s + x, 0);
  if (n === 0 || total === 0) return null;
  // Sorted form of the same sum, O(n log n): Σᵢ (2i − n − 1) x₍ᵢ₎ over ascending x, i from 1.
  const sorted = [...values].sort((a, b) => a - b);
  let acc = 0;
  sorted.forEach((x, i) => {
    acc += (2 * (i + 1) - n - 1) * x;
  });
  return acc / (n * total);
}

/** Competition ranks, highest first: [5, 9, 5, 1] → [2, 1, 2, 4]. */
export function rankDescending(values: number[]): number[] {
  return values.map((v) => 1 + values.filter((w) => w > v).length);
}
