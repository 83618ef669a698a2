/**
 * Comparison with the previous period, shared by the report functions: run a query for both
 * periods, and the change of a keyed figure between them.
 */
import { change, type Period, type ResolvedParams } from '../params.js';

const at = (p: ResolvedParams, period: Period): ResolvedParams => ({ ...p, period, previous: null });

/**
 * Runs `f` for the period and, when compared, for the previous one, concurrently (the replica runs
 * them on two reader connections).
 */
export function both<T>(p: ResolvedParams, f: (q: ResolvedParams) => Promise<T>): Promise<[T, T | null]> {
  return Promise.all([f(p), p.previous ? f(at(p, p.previous)) : null]);
}

/**
 * Change of a keyed figure against the previous period's row of the same key; `missing` is the
 * previous value of a key absent there (0 for counts over complete lists, null for rates). Null when
 * not compared or either value is unknown.
 */
export function changeBy<T>(
  prev: T[] | null,
  keyOf: (r: T) => string,
  figureOf: (r: T) => number | null,
  missing: 0 | null,
) {
  const m = prev ? new Map(prev.map((r) => [keyOf(r), figureOf(r)])) : null;
  return (r: T) => {
    if (!m) return null;
    const now = figureOf(r);
    const before = m.has(keyOf(r)) ? (m.get(keyOf(r)) ?? null) : missing;
    return now === null || before === null ? null : change(now, before);
  };
}
