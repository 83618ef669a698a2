/**
 * KPI 7 as the API answers it: outcome rates and conversion for the period (and the previous period
 * when compared), rate changes between them, and the viewer's visibility applied to user rows. The
 * route and the dashboard bundles both call this, so a tile equals the endpoint.
 */
import type { Scope } from '../../db/scope.js';
import { filterVisibleRows } from '../../visibility/explicit.js';
import type { FigureScope } from '../../visibility/policy.js';
import { presentPeriod, type ResolvedParams } from '../params.js';
import { getConversion, getOutcomeRates, type OutcomeGroup } from '../queries/get-effectiveness.js';
import { SUCCESS_OUTCOMES } from '../queries/period-events.js';
import type { EffectivenessResponse } from '../schemas/effectiveness.js';
import { both, changeBy } from './compare.js';

export async function reportEffectiveness(
  scope: Scope,
  p: ResolvedParams,
  v: FigureScope,
  opts: { success?: string[]; outcome?: string; withinDays?: number } = {},
): Promise<EffectivenessResponse> {
  const success = opts.success ?? SUCCESS_OUTCOMES;
  const outcome = opts.outcome ?? 'deal_won';
  const withinDays = opts.withinDays ?? 30;
  const [[rates, prevRates], [conv, prevConv]] = await Promise.all([
    both(p, (q) => getOutcomeRates(scope, q, success)),
    both(p, (q) => getConversion(scope, q, outcome, withinDays)),
  ]);
  const withChange = (rows: OutcomeGroup[], prev: OutcomeGroup[] | null) => {
    const c = changeBy(
      prev,
      (g) => g.key,
      (g) => g.success_rate,
      null,
    );
    return rows.map((g) => ({ ...g, success_rate_change: c(g) }));
  };
  const users = filterVisibleRows(v, 'user', rates.by_user, (g) => g.key);
  const convChange = changeBy(
    prevConv,
    (r) => String(r.type),
    (r) => r.rate,
    null,
  );
  return {
    period: presentPeriod(p),
    success_outcomes: success,
    restricted: users.restricted,
    by_type: withChange(rates.by_type, prevRates?.by_type ?? null),
    by_source: withChange(rates.by_source, prevRates?.by_source ?? null),
    by_user: withChange(users.rows, prevRates?.by_user ?? null),
    conversion: {
      outcome,
      within_days: withinDays,
      by_type: conv.map((r) => ({ ...r, rate_change: convChange(r) })),
    },
  };
}
