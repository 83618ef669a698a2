/**
 * isoInZone and wallClock against Intl itself (its own `longOffset` zone name, not time/offsets.ts),
 * minute by minute across DST changes (Paris, New York, Lord Howe's half-hour shift), in half-hour
 * and 45-minute zones (Kolkata, St John's, Kathmandu, Eucla), in order and shuffled (the last-span
 * fast path must not carry an offset past its hour).
 */
import { describe, expect, it } from 'vitest';
import { isoInZone, wallClock } from './zone-format.js';

/** The offset in ms from Intl's "GMT+05:45" / "GMT-03:30" / "GMT" name of the zone at `ms`. */
function intlOffset(zone: string, ms: number): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(ms))
      .find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!m) throw new Error(`unexpected zone name ${name}`);
  if (!m[1]) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000;
}

/** ISO with the offset, written out independently: local fields by UTC arithmetic, then ±hh:mm. */
function expectedIso(zone: string, ms: number): string {
  const offset = intlOffset(zone, ms);
  const local = new Date(ms + offset).toISOString().slice(0, 23);
  if (offset === 0) return `${local}Z`;
  const mins = Math.abs(offset) / 60_000;
  const hh = String(Math.floor(mins / 60)).padStart(2, '0');
  const mm = String(mins % 60).padStart(2, '0');
  return `${local}${offset < 0 ? '-' : '+'}${hh}:${mm}`;
}

/** Every 7 minutes and 13.5 seconds over a day around `iso` (crosses every hour edge at odd seconds). */
function around(iso: string): number[] {
  const at = Date.parse(iso);
  const out: number[] = [];
  for (let ms = at - 12 * 3_600_000; ms < at + 12 * 3_600_000; ms += 433_500) out.push(ms);
  return out;
}

const CASES: Array<[string, string]> = [
  ['Europe/Paris', '2025-03-30T01:00:00Z'], // +01:00 → +02:00
  ['Europe/Paris', '2025-10-26T01:00:00Z'], // +02:00 → +01:00
  ['America/New_York', '2025-03-09T07:00:00Z'], // -05:00 → -04:00
  ['America/New_York', '2025-11-02T06:00:00Z'], // -04:00 → -05:00
  ['Australia/Lord_Howe', '2025-04-05T15:00:00Z'], // +11:00 → +10:30
  ['America/St_Johns', '2025-03-09T05:30:00Z'], // -03:30 → -02:30
  ['Asia/Kolkata', '2025-06-01T00:00:00Z'], // +05:30
  ['Asia/Kathmandu', '2025-06-01T00:00:00Z'], // +05:45
  ['Australia/Eucla', '2025-06-01T00:00:00Z'], // +08:45
  ['Europe/London', '2025-03-30T01:00:00Z'], // Z → +01:00
  ['UTC', '2025-06-01T00:00:00Z'],
];

describe('zone format', () => {
  for (const [zone, iso] of CASES) {
    it(`${zone} around ${iso}: ISO and wall clock equal Intl's, in order and shuffled`, () => {
      const instants = around(iso);
      // A fixed shuffle: every instant follows one from a far-off hour (and from the other side of the change).
      const shuffled = instants.map((_, i) => instants[(i * 37) % instants.length] as number);
      for (const ms of [...instants, ...shuffled]) {
        expect(isoInZone(new Date(ms), zone)).toBe(expectedIso(zone, ms));
        expect(isoInZone(new Date(ms).toISOString(), zone)).toBe(expectedIso(zone, ms));
        expect(wallClock(new Date(ms), zone).getTime()).toBe(ms + intlOffset(zone, ms));
      }
      // The change itself is among the instants: both offsets were seen (where there is a change).
      const offsets = new Set(instants.map((ms) => intlOffset(zone, ms)));
      expect(offsets.size).toBe(/Kolkata|Kathmandu|Eucla|UTC/.test(zone) ? 1 : 2);
    });
  }

  it('the millisecond before and at a transition (Paris spring forward)', () => {
    const at = Date.parse('2025-03-30T01:00:00Z');
    expect(isoInZone(new Date(at - 1), 'Europe/Paris')).toBe('2025-03-30T01:59:59.999+01:00');
    expect(isoInZone(new Date(at), 'Europe/Paris')).toBe('2025-03-30T03:00:00.000+02:00');
    expect(isoInZone(new Date(at - 1), 'Europe/Paris')).toBe('2025-03-30T01:59:59.999+01:00');
  });
});
