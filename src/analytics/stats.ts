/** Small statistics shared by the analytics queries: the definitions the API documents. */

/** Linear-interpolated percentile over sorted values, as PostgreSQL's percentile_cont; null when empty. */
export function percentileCont(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (b - a) * (pos - lo);
}

export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}

/** Rounds for presentation (figures keep 4 decimals: exact enough, stable across engines). */
export const round4 = (v: number | null) => (v === null ? null : Math.round(v * 10_000) / 10_000);

export interface Summary {
  count: number;
  mean: number | null;
  median: number | null;
  p90: number | null;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    mean: round4(mean(sorted)),
    median: round4(percentileCont(sorted, 0.5)),
    p90: round4(percentileCont(sorted, 0.9)),
  };
}
