/** The period, zone and bucket starts of one run: the request's, else the report's default, else the last 30 days. */
import { DEFAULT_DAYS, type Period } from '../analytics/params.js';
import { listBucketStarts } from '../analytics/queries/list-bucket-starts.js';
import type { Scope } from '../db/scope.js';
import { RANGE_MIN_MS } from '../time/range.js';
import { resolveRequestZone } from '../time/request-zone.js';
import { assertBucketCount, assertRange, type Bucket } from '../time/zones.js';
import { RELATIVE_RANGE_LABELS } from '../timelines/catalogue.js';
import { resolveDateRange } from '../timelines/date-range.js';
import { type DimensionId, dimensionDef } from './catalogue.js';
import type { ReportDefinition } from './schema.js';

export interface RunWindow {
  period: Period;
  tz: string;
  bucket: Bucket | null;
  starts: Date[];
  /** The relative period's name ("Last 30 days") when the window is one; none for absolute dates. */
  name?: string;
}

export interface RunAsk {
  from?: string;
  to?: string;
  tz?: string;
  /**
   * The name of the relative period from/to were resolved from (a scheduled run ends the report's
   * period at its slot); never read from a request.
   */
  name?: string;
}

/** The name of the period a run without dates covers: the report's relative one, else the default. */
function storedName(d: ReportDefinition): string | undefined {
  if (d.period?.relative) return RELATIVE_RANGE_LABELS[d.period.relative];
  return d.period?.from || d.period?.to ? undefined : `Last ${DEFAULT_DAYS} days`;
}

/** `path`: where from/to/tz sit in the request ("query" or "body"), for 400s naming them. */
export async function resolveRunWindow(
  scope: Scope,
  d: ReportDefinition,
  ask: RunAsk,
  path: string,
  now = new Date(),
): Promise<RunWindow> {
  assertRange(ask.from, ask.to);
  const tz = await resolveRequestZone(scope, ask.tz ?? d.tz, ask.tz ? `${path}.tz` : `${path}.definition.tz`);
  const stored = ask.from || ask.to || !d.period ? {} : await resolveDateRange(scope, d.period, tz);
  const end = new Date(ask.to ?? stored.to ?? now.toISOString());
  const from = ask.from ?? stored.from;
  // The default window never starts before the first instant events can have.
  const start = from
    ? new Date(from)
    : new Date(Math.max(RANGE_MIN_MS, end.getTime() - DEFAULT_DAYS * 86_400_000));
  if (start.getTime() >= end.getTime()) assertRange(start.toISOString(), end.toISOString());
  const period = { from: start, to: end };
  const name = ask.from || ask.to ? ask.name : storedName(d);
  const time = (d.dimensions as DimensionId[]).map((x) => dimensionDef(x).bucket).find(Boolean) ?? null;
  if (!time) return { period, tz, bucket: null, starts: [], name };
  assertBucketCount(time, end.getTime() - start.getTime());
  return { period, tz, bucket: time, starts: await listBucketStarts(scope, period, time, tz), name };
}
