/**
 * Top movers: the breakdown rows whose figure changed most against the previous period of equal
 * length, by absolute change (ties: larger relative change, then key), largest first — up to `limit`
 * gains followed by up to `limit` losses, so a falling channel is not crowded out by rising ones.
 * A row with the same figures as a row already listed from another dimension (source "email" and
 * type "email" are usually the same events) is dropped: it would say the same thing twice.
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
  const sorted = all.sort(
    (a, b) =>
      Math.abs(b.absolute) - Math.abs(a.absolute) ||
      rel(b) - rel(a) ||
      (`${a.dimension}:${a.key}` < `${b.dimension}:${b.key}` ? -1 : 1),
  );
  // Figures already listed → the dimension that listed them; equal figures within one dimension
  // (two teams with the same counts) are different things and both stay.
  const seen = new Map<string, string>();
  const distinct = sorted.filter((m) => {
    const figures = `${m.current}/${m.previous}`;
    const by = seen.get(figures);
    if (by !== undefined && by !== m.dimension) return false;
    if (by === undefined) seen.set(figures, m.dimension);
    return true;
  });
  return [
    ...distinct.filter((m) => m.absolute > 0).slice(0, limit),
    ...distinct.filter((m) => m.absolute < 0).slice(0, limit),
  ];
}
