/**
 * Server-side latency of one GET (app.inject: routing, auth, validation, queries, serialization; no
 * socket), sampled until `samples` or a time budget, whichever first. A request that does not
 * answer 200 (a 503 from the query time limit, a 429 from the company's queue) is a failed sample:
 * counted, its reason kept for the table, and the run carries on — one slow KPI must not cost the
 * figures of every section after it.
 */
import type { BenchContext } from './context.js';
import { percentile } from './stats.js';

export interface HttpSamples {
  /** Milliseconds of the requests that answered 200. */
  samples: number[];
  /** One line per failed request: status and the problem's title or detail. */
  failures: string[];
  /** The `answered_from` the last successful response named, if any. */
  answeredFrom: string;
}

/** Stop a measure after this many failures: each may have waited for the whole time limit. */
const MAX_FAILURES = 3;

export async function sampleGet(
  ctx: BenchContext,
  url: string,
  authorization: string,
  o: { min: number; budgetMs: number },
): Promise<HttpSamples> {
  const out: HttpSamples = { samples: [], failures: [], answeredFrom: '' };
  const call = async (): Promise<boolean> => {
    const res = await ctx.server.app.inject({ url, headers: { authorization } });
    if (res.statusCode === 200) {
      out.answeredFrom = (res.json() as { answered_from?: string }).answered_from ?? out.answeredFrom;
      return true;
    }
    out.failures.push(`${res.statusCode} ${reason(res.body)}`);
    return false;
  };
  await call(); // warm-up: plans, caches, JIT (a failure here counts too)
  const started = performance.now();
  while (
    out.failures.length < MAX_FAILURES &&
    out.samples.length < ctx.options.samples &&
    (out.samples.length < o.min || performance.now() - started < o.budgetMs)
  ) {
    const t = performance.now();
    if (await call()) out.samples.push(performance.now() - t);
  }
  return out;
}

/** p50 and p95 rows of a measure, or one failed row when no request answered. */
export function recordLatency(ctx: BenchContext, section: string, label: string, s: HttpSamples): void {
  const failed = s.failures.length
    ? `${s.failures.length} failed (${[...new Set(s.failures)].join('; ')})`
    : undefined;
  if (s.samples.length === 0) {
    ctx.results.add({
      section,
      measure: `${label}: server-side p50`,
      engine: ctx.engine,
      value: Number.NaN,
      unit: 'ms',
      failed,
    });
    return;
  }
  for (const p of [50, 95]) {
    ctx.results.add({
      section,
      measure: `${label}: server-side p${p}`,
      engine: ctx.engine,
      value: percentile(s.samples, p),
      unit: 'ms',
      note: `${s.samples.length} samples${s.answeredFrom ? `, ${s.answeredFrom}` : ''}`,
      failed,
    });
  }
}

function reason(body: string): string {
  try {
    const p = JSON.parse(body) as { title?: string; detail?: string };
    return (p.detail ?? p.title ?? body).slice(0, 160);
  } catch {
    return body.slice(0, 160);
  }
}
