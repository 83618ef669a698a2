/**
 * KPI 6c: the first-touch and last-touch channel (activity type) before an outcome. For each customer
 * whose touchpoints in the period (matching the filters) include one with event_data.outcome =
 * `outcome`, take the first such touchpoint (by time, then id); the first touch is the customer's
 * earliest touchpoint before it and the last touch the latest one before it, in the same order. A
 * customer whose converting touchpoint is their first is counted under channel "none".
 */

export interface AttributionRow {
  /** Activity type, or "none" when nothing preceded the outcome. */
  channel: string;
  first_touch: number;
  last_touch: number;
}

export interface Attribution {
  outcome: string;
  conversions: number;
  by_channel: AttributionRow[];
}

/**
 * Common table expressions over get-journey-paths' `seq` (one row per touchpoint: key = the
 * customer, type code c0, pc = the previous touchpoint's type code or 0 for the first) and `conv`,
 * one row per converting customer (key, last_c = pc of their first touchpoint with the outcome), so
 * attribution shares the paths' one pass. `touches` holds one row per (first, last) pair: code =
 * first·16 + last type code, 0 when the outcome came first; n = customers.
 */
export const attributionSql = (conv: string) => `
    conv as (${conv}),
    touches as (
      select case when v.last_c = 0 then 0 else f.c0 * 16 + v.last_c end as code, count(*) as n
      from conv v join seq f on f.key = v.key and f.pc = 0
      group by all
    )`;

/** The API's attribution from the `touches` rows; `typeOf` names a type code. */
export function presentAttribution(
  outcome: string,
  touches: Array<{ code: number; n: number }>,
  typeOf: (code: number) => string,
): Attribution {
  const by = new Map<string, AttributionRow>();
  const add = (channel: string, key: 'first_touch' | 'last_touch', n: number) => {
    const row = by.get(channel) ?? { channel, first_touch: 0, last_touch: 0 };
    row[key] += n;
    by.set(channel, row);
  };
  let conversions = 0;
  for (const { code, n } of touches) {
    conversions += n;
    add(code === 0 ? 'none' : typeOf(code >> 4), 'first_touch', n);
    add(code === 0 ? 'none' : typeOf(code & 15), 'last_touch', n);
  }
  return {
    outcome,
    conversions,
    by_channel: [...by.values()].sort(
      (a, b) =>
        b.first_touch + b.last_touch - (a.first_touch + a.last_touch) || (a.channel < b.channel ? -1 : 1),
    ),
  };
}
