/** The load test's table (what the note quotes) and its JSON record. */
import { percentile } from '../lib/stats.js';
import type { Kind } from './traffic.js';

export interface LoadReport {
  at: string;
  options: Record<string, unknown>;
  seconds: number;
  kinds: Array<{ kind: Kind; share: number; latencies: number[]; statuses: Map<string, number> }>;
  ingestedEvents: number;
  streams: {
    clients: number;
    connected: number;
    refused: number;
    endedEarly: number;
    eventsReceived: number;
  };
  rss: Array<{ t: number; rssMiB: number }>;
}

const ms = (n: number) => (Number.isNaN(n) ? '–' : n < 10 ? n.toFixed(1) : Math.round(n).toString());

export function formatReport(r: LoadReport): { table: string; json: unknown } {
  const rows = r.kinds.map((k) => {
    const ok = [...k.statuses].filter(([s]) => /^2\d\d$/.test(s)).reduce((n, [, c]) => n + c, 0);
    const errors = Object.fromEntries([...k.statuses].filter(([s]) => !/^2\d\d$/.test(s)));
    return {
      kind: k.kind,
      requests:
        k.latencies.length +
        Object.entries(errors)
          .filter(([s]) => s.startsWith('error'))
          .reduce((n, [, c]) => n + c, 0),
      ok,
      perSecond: k.latencies.length / r.seconds,
      p50: percentile(k.latencies, 50),
      p99: percentile(k.latencies, 99),
      max: percentile(k.latencies, 100),
      errors,
    };
  });
  const total = rows.reduce((n, x) => n + x.requests, 0);
  const errorCount = rows.reduce((n, x) => n + Object.values(x.errors).reduce((a, b) => a + b, 0), 0);
  const lines = [
    `Load: ${r.seconds.toFixed(0)} s, ${r.options.connections} workers, ${Number(r.options.events).toLocaleString('en')} events (${r.options.engine}), ${r.streams.connected}/${r.streams.clients} stream clients`,
    '',
    '| kind | share | requests | req/s | p50 ms | p99 ms | max ms | errors |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (x) =>
        `| ${x.kind} | ${((x.requests / Math.max(1, total)) * 100).toFixed(0)} % | ${x.requests} | ${x.perSecond.toFixed(1)} | ${ms(x.p50)} | ${ms(x.p99)} | ${ms(x.max)} | ${Object.keys(x.errors).length ? JSON.stringify(x.errors) : 0} |`,
    ),
    `| all | 100 % | ${total} | ${(total / r.seconds).toFixed(1)} | | | | ${errorCount} |`,
    '',
    `Ingest: ${r.ingestedEvents} events acknowledged. Streams: ${r.streams.eventsReceived} events received in all (${(r.streams.eventsReceived / Math.max(1, r.streams.connected)).toFixed(0)} per client), ${r.streams.endedEarly} ended early, ${r.streams.refused} refused.`,
    '',
    `Server RSS (MiB) by second: ${r.rss.map((s) => `${s.t}: ${s.rssMiB.toFixed(0)}`).join(' · ')}`,
  ];
  const json = {
    ...r,
    kinds: rows,
    totals: { requests: total, perSecond: total / r.seconds, errors: errorCount },
  };
  return { table: lines.join('\n'), json };
}
