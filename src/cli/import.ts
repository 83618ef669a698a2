/**
 * `crm-timeline import FILE.csv|FILE.ndjson [--company ID] [--map col=field,…] [--batch N]
 * [--rejects FILE] [--reasons N]`: streams a file into one company and prints a summary.
 */
import { existsSync } from 'node:fs';
import { systemActor } from '../audit/record.js';
import type { Config } from '../config.js';
import { scopeFor } from '../db/scope.js';
import { DEMO_COMPANY_ID } from '../demo/directory.js';
import { describeRejection, type ImportSummary, importFile } from '../import/import-file.js';
import { MapSpecError, parseMapSpec } from '../import/map-columns.js';
import { createProgressView } from '../import/progress.js';
import { detectFormat } from '../import/read-records.js';
import { openRejectsFile } from '../import/rejects-file.js';
import { openContext } from '../runtime.js';
import type { Command } from './commands.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_BATCH = 5000;

export const USAGE = `Usage: crm-timeline import FILE.csv|FILE.ndjson [options]

  --company ID      company to import into (default: the demo company in demo mode)
  --map SPEC        source column → event field, e.g. "Call Date=event_timestamp,Rep=user_id"
                    (default: columns named like event fields; other CSV columns are ignored)
  --batch N         events per transaction, 1..${MAX_BATCH} (default 1000)
  --rejects FILE    write every rejected row with its reason (CSV or NDJSON, like the input)
  --reasons N       rejection reasons shown in the summary (default 20)

CSV cells of event_data, participants and related_objects are JSON. Rows with an external_id are
idempotent: importing the same file again stores nothing twice.`;

function intOption(value: unknown, name: string, fallback: number, max: number, problems: string[]) {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max)
    problems.push(`${name} must be a whole number from 1 to ${max}`);
  return n;
}

export function formatSummary(s: ImportSummary, seconds: number): string {
  const lines = [
    `Rows read: ${s.read}`,
    `Stored: ${s.stored}`,
    `Duplicates (stored before, skipped): ${s.duplicates}`,
    `Rejected: ${s.rejected}`,
    `Time: ${seconds.toFixed(1)} s (${Math.round(s.read / Math.max(seconds, 0.001))} rows/s)`,
  ];
  if (s.ignoredColumns.length) lines.push(`Ignored columns (no event field): ${s.ignoredColumns.join(', ')}`);
  if (s.reasons.length) {
    const more = s.rejected > s.reasons.length ? ` (first ${s.reasons.length} of ${s.rejected})` : '';
    lines.push(`Rejections${more}:`, ...s.reasons.map((r) => `  line ${r.line}: ${describeRejection(r)}`));
  }
  return lines.join('\n');
}

export const importCommand: Command = {
  summary: 'Import events from a CSV or NDJSON file (--company, --map, --batch, --rejects).',
  usage: USAGE,
  options: {
    company: { type: 'string' },
    map: { type: 'string' },
    batch: { type: 'string' },
    rejects: { type: 'string' },
    reasons: { type: 'string' },
  },
  async run(config: Config, o, args) {
    const problems: string[] = [];
    const file = args[0];
    const format = file ? detectFormat(file) : undefined;
    if (!file || args.length > 1) problems.push('give exactly one file to import');
    else if (!existsSync(file)) problems.push(`${file}: no such file`);
    else if (!format) problems.push(`${file}: the name must end in .csv, .ndjson or .jsonl`);
    const company = (o.company as string | undefined) ?? (config.demo ? DEMO_COMPANY_ID : undefined);
    if (!company) problems.push('--company is required (outside demo mode)');
    else if (!UUID.test(company)) problems.push('--company must be a uuid');
    const batchSize = intOption(o.batch, '--batch', 1000, MAX_BATCH, problems);
    const keepReasons = intOption(o.reasons, '--reasons', 20, 1_000_000, problems);
    let map = new Map<string, string>();
    try {
      map = parseMapSpec(o.map as string | undefined);
    } catch (error) {
      problems.push((error as Error).message);
    }
    if (problems.length || !file || !format || !company) {
      console.error(`${problems.join('\n')}\n\n${USAGE}`);
      return 2;
    }

    const ctx = await openContext(config);
    const rejects = o.rejects ? openRejectsFile(String(o.rejects), format) : undefined;
    const progress = createProgressView();
    const started = Date.now();
    try {
      const summary = await importFile(scopeFor(ctx.db, company, systemActor('cli-import')), {
        file,
        format,
        map,
        batchSize,
        keepReasons,
        rejects,
        onProgress: (p) => progress.update(p),
      });
      progress.stop();
      console.log(formatSummary(summary, (Date.now() - started) / 1000));
      if (o.rejects && summary.rejected) console.log(`Rejected rows with reasons: ${o.rejects}`);
      if (summary.stopped) {
        console.error(
          `Import stopped early: ${summary.stopped}\nThe rows before it were handled; fix the file and import it again (rows with an external_id are not stored twice).`,
        );
        return 1;
      }
      return 0;
    } catch (error) {
      progress.stop();
      // A header the --map does not fit: found before any row is stored.
      if (!(error instanceof MapSpecError)) throw error;
      console.error(`Import stopped: ${(error as Error).message}`);
      return 1;
    } finally {
      await rejects?.close().catch(() => {});
      await ctx.db.close();
    }
  },
};
