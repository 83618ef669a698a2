/**
 * A unit word after a figure in documents people read (email bodies, PDF tiles, the Excel KPI
 * sheet): singular when the figure shows as exactly "1" ("1 customer"), the unit as given
 * otherwise ("0 customers", "1.5 minutes"). Symbols and abbreviations ("%", "min") have no
 * singular and stay as they are.
 */

/** The plural units figures carry (reports/catalogue.ts, the dashboard and digest tiles) and their singulars. */
const SINGULAR: Readonly<Record<string, string>> = {
  events: 'event',
  customers: 'customer',
  minutes: 'minute',
  tasks: 'task',
  days: 'day',
  rows: 'row',
};

/** `unit` as it reads after `figure` (the figure as shown, so 0.999 rounded to "1" reads singular). */
export const unitAfter = (figure: string, unit: string): string =>
  figure === '1' ? (SINGULAR[unit] ?? unit) : unit;

/** A figure and its unit: "1 customer", "1,234 events". */
export const quantityText = (figure: string, unit: string): string => `${figure} ${unitAfter(figure, unit)}`;
