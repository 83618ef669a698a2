/**
 * Import progress: a cli-progress bar on a terminal, plain lines (at most one every few seconds)
 * when the output is a pipe or a log file, where a redrawn bar would be noise.
 */
import cliProgress from 'cli-progress';
import type { ImportProgress } from './import-file.js';

export interface ProgressView {
  update(p: ImportProgress): void;
  stop(): void;
}

const PLAIN_EVERY_MS = 5000;

export function createProgressView(out: NodeJS.WriteStream = process.stderr): ProgressView {
  const started = Date.now();
  const rate = (p: ImportProgress) => Math.round(p.read / Math.max((Date.now() - started) / 1000, 0.001));
  if (out.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream: out,
        format:
          '{bar} {percentage}% | {read} rows | {stored} stored | {duplicates} duplicates | {rejected} rejected | {rate} rows/s',
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started_ = false;
    return {
      update(p) {
        const payload = { ...p, rate: rate(p) };
        if (!started_) {
          bar.start(Math.max(p.totalBytes, 1), p.bytes, payload);
          started_ = true;
        } else bar.update(p.bytes, payload);
      },
      stop: () => bar.stop(),
    };
  }
  let last = 0;
  let lastRead = -1;
  return {
    update(p) {
      const final = p.bytes >= p.totalBytes;
      if ((Date.now() - last < PLAIN_EVERY_MS && !final) || (final && p.read === lastRead)) return;
      last = Date.now();
      lastRead = p.read;
      const pct = p.totalBytes ? Math.floor((100 * p.bytes) / p.totalBytes) : 100;
      out.write(
        `${pct}%: ${p.read} rows read, ${p.stored} stored, ${p.duplicates} duplicates, ${p.rejected} rejected (${rate(p)} rows/s)\n`,
      );
    },
    stop() {},
  };
}
