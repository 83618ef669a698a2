/**
 * Top movers: the breakdown rows whose figure changed most against the previous period of equal
 * length, by absolute change (ties: larger relative change, then key), largest first.
 */
export interface Mover {
  /** What the key is: type, source, team or user. */
  dimension: string;
  key: string;
  current: number;
  previous: number;
  absolute: number;
  /** (current − previous) ÷ previous; null when previous was 0. */
  relative: number | null;
}

interface Changed {
  previous: number;
  absolute: number;
  relative: number | null;
}

/** Rows with a change, each given as [key, current, change]. Unchanged rows are not movers. */
export function topMovers(
  groups: Array<{ dimension: string; rows: Array<[string, number, Changed | null]> }>,
  limit = 5,
): Mover[] {
  const all: Mover[] = [];
  for (const g of groups) {
    for (const [key, current, c] of g.rows) {
      if (!c || c.absolute === 0) continue;
      all.push({
        dimension: g.dimension,
        key,
        current,
        previous: c.previous,
        absolute: c.absolute,
        relative: c.relative,
      });
    }
  }
  const rel = (m: Mover) => Math.abs(m.relative ?? Number.POSITIVE_INFINITY);
  return all
    .sort(
      (a, b) =>
        Math.abs(b.absolute) - Math.abs(a.absolute) ||
        rel(b) - rel(a) ||
        (`${a.dimension}:${a.key}` < `${b.dimension}:${b.key}` ? -1 : 1),
    )
    .slice(0, limit);
}
