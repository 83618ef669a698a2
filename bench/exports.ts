/**
 * Exports: CSV and XLSX of every event of the dataset through GET /events/export (rows/s over the
 * socket, and the server's peak RSS growth during the export, which keyset pages keep flat), and
 * the executive dashboard as a PDF (seconds, charts rendered server-side). On PostgreSQL the server
 * is its own `crm-timeline serve` process, so its RSS is the server's alone; on PGlite the
 * in-process server is measured, driver included. A section of `npm run bench` (benchExports).
 */

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { BenchContext } from './lib/context.js';
import { procCpuMs } from './lib/cpu.js';
import { readRss, resetPeak, type ServerUnderTest, startServeProcess } from './stream-server.js';

const mb = (bytes: number) => bytes / 2 ** 20;

/** Peak RSS while `work` runs, sampled every 50 ms (and the kernel's VmHWM when it may be reset). */
async function withPeakRss<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; before: number; peak: number }> {
  const before = readRss(pid).rss;
  const exact = resetPeak(pid);
  let max = before;
  const timer = setInterval(() => {
    max = Math.max(max, readRss(pid).rss);
  }, 50);
  try {
    const result = await work();
    const now = readRss(pid);
    return { result, before, peak: Math.max(max, now.rss, exact ? now.peak : 0) };
  } finally {
    clearInterval(timer);
  }
}

/** Downloads a URL to nowhere, counting bytes and CSV lines (rows + header). */
async function drain(url: string, authorization: string): Promise<{ bytes: number; lines: number }> {
  const res = await fetch(url, { headers: { authorization } });
  if (!res.ok || !res.body)
    throw new Error(`${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  let bytes = 0;
  let lines = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.length;
    for (const b of chunk) if (b === 10) lines++;
  }
  return { bytes, lines };
}

/** Waits until the server's analytics replica has loaded (/readyz: analytics following), so its load is not measured. */
async function replicaLoaded(baseUrl: string) {
  for (let i = 0; i < 1200; i++) {
    const ready = (await fetch(`${baseUrl}/readyz`)
      .then((r) => r.json())
      .catch(() => ({}))) as { analytics?: { state?: string } };
    if (ready.analytics?.state === 'following') return;
    await new Promise((r) => setTimeout(r, 250));
  }
}

export async function benchExports(ctx: BenchContext) {
  // The serve process keeps its analytics replica under DATA_DIR: a temporary one, not ./data.
  process.env.DATA_DIR ??= mkdtempSync(join(tmpdir(), 'crm-bench-exports-'));
  const server: ServerUnderTest =
    ctx.engine === 'postgres' && ctx.url
      ? await startServeProcess(ctx.url)
      : { baseUrl: ctx.server.baseUrl, pid: process.pid, inProcess: true, stop: async () => {} };
  const note = server.inProcess
    ? 'server in the benchmark process (RSS includes the driver)'
    : 'server: its own process';
  const auth = await ctx.server.bearer(ctx.dataset.companyId, 'admin');
  await replicaLoaded(server.baseUrl);
  // The dataset as it is now: the core section's ingest runs, if they ran first, added to it.
  const { rows } = await sql<{ n: string }>`select count(*) as n from crm_activity_events
    where company_id = ${ctx.dataset.companyId} and not is_deleted`.execute(ctx.db.kysely);
  const events = Number(rows[0]?.n);
  try {
    for (const format of ['csv', 'xlsx'] as const) {
      const url = `${server.baseUrl}/api/v1/events/export?format=${format}&tz=UTC`;
      const started = performance.now();
      const cpuBefore = procCpuMs(server.pid);
      const { result, before, peak } = await withPeakRss(server.pid, () => drain(url, auth));
      const seconds = (performance.now() - started) / 1000;
      // CPU of the server process (all its threads: rendering, compression): steadier than rows/s on a shared machine.
      const cpuPer100k = (procCpuMs(server.pid) - cpuBefore) / 1000 / (events / 100_000);
      if (format === 'csv' && result.lines !== events + 1)
        throw new Error(`CSV export held ${result.lines - 1} rows, expected ${events}`);
      const measure = `${format.toUpperCase()} export of ${events.toLocaleString('en')} events`;
      ctx.log(
        `${measure}: ${seconds.toFixed(1)} s, ${(result.bytes / 2 ** 20).toFixed(0)} MiB, RSS +${mb(peak - before).toFixed(0)} MiB, server CPU ${cpuPer100k.toFixed(2)} s per 100k rows`,
      );
      ctx.results.add({
        section: 'exports',
        measure: `${measure}: throughput`,
        engine: ctx.engine,
        value: events / seconds,
        unit: 'rows/s',
        note,
      });
      ctx.results.add({
        section: 'exports',
        measure: `${measure}: server CPU per 100k rows`,
        engine: ctx.engine,
        value: cpuPer100k,
        unit: 's',
        note,
      });
      ctx.results.add({
        section: 'exports',
        measure: `${measure}: server peak RSS growth`,
        engine: ctx.engine,
        value: mb(peak - before),
        unit: 'MiB',
        note,
      });
    }
    const to = new Date();
    const from = new Date(to.getTime() - 90 * 86_400_000);
    const pdf = `${server.baseUrl}/api/v1/dashboards/executive?format=pdf&from=${from.toISOString()}&to=${to.toISOString()}`;
    await drain(pdf, auth); // warm-up: the replica loads the company, ECharts and pdfkit their code
    const times: number[] = [];
    for (let i = 0; i < Math.max(3, ctx.options.runs); i++) {
      const started = performance.now();
      await drain(pdf, auth);
      times.push((performance.now() - started) / 1000);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)] ?? 0;
    ctx.log(`executive dashboard PDF (90 days): median ${median.toFixed(2)} s`);
    ctx.results.add({
      section: 'exports',
      measure: 'executive dashboard PDF, 90 days',
      engine: ctx.engine,
      value: median,
      unit: 's',
      runs: times,
      note,
    });
  } finally {
    await server.stop();
  }
}
