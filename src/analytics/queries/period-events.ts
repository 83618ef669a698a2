/** Shared definitions of the outcome rates (KPIs 5 and 7). */

/** Outcomes that count as a success in rates (KPI 5 and 7) unless the caller names others. */
export const SUCCESS_OUTCOMES = [
  'connected',
  'replied',
  'meeting_booked',
  'deal_won',
  'resolved',
  'completed',
];

/** x ÷ y, or null when y is 0 (a rate over nothing is unknown, not 0). */
export const ratio = (x: number, y: number): number | null => (y === 0 ? null : x / y);
