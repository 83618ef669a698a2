/** `only_when`: send only when a figure of the content compares with a threshold as asked. */
import type { OnlyWhen } from './schema.js';

/** Whether the condition holds; a figure the content does not have never holds. */
export function holds(c: OnlyWhen, figures: Record<string, number>): boolean {
  const x = figures[c.figure];
  if (x === undefined) return false;
  switch (c.op) {
    case '>':
      return x > c.value;
    case '>=':
      return x >= c.value;
    case '<':
      return x < c.value;
    case '<=':
      return x <= c.value;
    case '=':
      return x === c.value;
    case '!=':
      return x !== c.value;
  }
}

/** The figures each target kind offers (checked when a schedule is saved). */
export const FIGURES: Record<'dashboard' | 'digest', readonly string[]> = {
  dashboard: ['activities'],
  digest: ['events', 'notable', 'unanswered', 'upcoming'],
};
