/** Durations in one sensible unit per figure or chart ("17.7 h", never "1,062 minutes"). */

export type DurationUnit = { name: 'min' | 'h' | 'days'; minutes: number; label: string };

const UNITS: DurationUnit[] = [
  { name: 'min', minutes: 1, label: 'minutes' },
  { name: 'h', minutes: 60, label: 'hours' },
  { name: 'days', minutes: 1440, label: 'days' },
];

/** The unit a set of durations (minutes) reads best in: the one its largest value is ≥ 1 and < ~48 of. */
export function durationUnit(values: Array<number | null | undefined>): DurationUnit {
  const max = Math.max(0, ...values.map((v) => v ?? 0));
  if (max < 90) return UNITS[0] as DurationUnit;
  if (max < 60 * 48) return UNITS[1] as DurationUnit;
  return UNITS[2] as DurationUnit;
}

/** Minutes in `unit`, one decimal (whole minutes). */
export const inUnit = (minutes: number, unit: DurationUnit) =>
  unit.name === 'min' ? Math.round(minutes) : Math.round((minutes / unit.minutes) * 10) / 10;

/** "1 activity", "3 activities": English plurals for the few nouns the pages count. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}
