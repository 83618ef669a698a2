/**
 * Benchmark results: rows of (section, measure, engine, value, unit), printed as one table with
 * the engines side by side and written as JSON under bench/results/ (git-ignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';

export interface ResultRow {
  section: string;
  measure: string;
  engine: string;
  /** The median over runs (or the single value). */
  value: number;
  unit: string;
  /** Every run's value, when the measure was repeated. */
  runs?: number[];
  note?: string;
  /** Requests that failed (status and reason): shown beside the value, or instead of it. */
  failed?: string;
}

export class Results {
  readonly rows: ResultRow[] = [];
  add(row: ResultRow) {
    this.rows.push(row);
    const runs = row.runs && row.runs.length > 1 ? `  (runs: ${row.runs.map(fmt).join(', ')})` : '';
    const failed = row.failed ? `  [${row.failed}]` : '';
    console.log(`  ${row.engine} · ${row.measure}: ${fmt(row.value)} ${row.unit}${runs}${failed}`);
  }

  /** Markdown table: one line per (section, measure), one column per engine. */
  table(): string {
    const engines = [...new Set(this.rows.map((r) => r.engine))];
    const keys = [...new Set(this.rows.map((r) => `${r.section}\u0000${r.measure}\u0000${r.unit}`))];
    const lines = [
      `| section | measure | unit | ${engines.join(' | ')} |`,
      `|---|---|---|${engines.map(() => '---:').join('|')}|`,
    ];
    for (const key of keys) {
      const [section, measure, unit] = key.split('\u0000') as [string, string, string];
      const cells = engines.map((e) => {
        const r = this.rows.find((x) => x.engine === e && x.section === section && x.measure === measure);
        if (!r) return '–';
        if (!r.failed) return fmt(r.value);
        // Table cells cannot hold a pipe; the full reasons are in the JSON.
        const why = r.failed.replaceAll('|', '/');
        return Number.isNaN(r.value) ? `failed: ${why}` : `${fmt(r.value)} (${why})`;
      });
      lines.push(`| ${section} | ${measure} | ${unit} | ${cells.join(' | ')} |`);
    }
    return lines.join('\n');
  }

  write(dir: URL, meta: Record<string, unknown>): string {
    mkdirSync(dir, { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const file = new URL(`bench-${stamp}.json`, dir);
    const machine = { cpus: cpus().length, cpu: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30) };
    writeFileSync(
      file,
      `${JSON.stringify({ at: new Date().toISOString(), machine, ...meta, rows: this.rows }, null, 2)}\n`,
    );
    return file.pathname;
  }
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 100) return Math.round(n).toLocaleString('en');
  if (Math.abs(n) >= 10) return n.toFixed(1);
  return n.toFixed(2);
}
