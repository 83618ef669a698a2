/**
 * A top mover in words, as the executive dashboard and its PDF / Excel export both name it:
 * "Source: Phone system", "Type: Web visit", "Team: Support", "User: Ann Lee". Catalogue values
 * read as the catalogue's labels ("api" → "API", "unknown" → "No source"). No Node built-ins: the
 * web app bundles this file.
 */
import { isLabelledField, valueLabel } from '../events/value-labels.js';
import type { Mover } from './top-movers.js';

/** Names of the people and teams a mover's key may be (an id the caller cannot name stays an id). */
export interface MoverNames {
  team: (id: string) => string;
  user: (id: string) => string;
}

/** The mover's breakdown and value: "Source: Phone system". */
export function moverName(m: Pick<Mover, 'dimension' | 'key'>, names: MoverNames): string {
  const value =
    m.dimension === 'team' || m.dimension === 'user'
      ? names[m.dimension](m.key)
      : isLabelledField(m.dimension)
        ? valueLabel(m.dimension, m.key)
        : m.key;
  return `${m.dimension.charAt(0).toUpperCase()}${m.dimension.slice(1)}: ${value}`;
}
