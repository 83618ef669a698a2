/** An activity type as icon + label in the type's colour (never colour alone). */
import { EVENT_TYPE_META, type EventType } from '../../../src/events/catalogue.js';
import { Icon } from './icon.js';

export function typeMeta(type: string): { label: string; color: string } {
  return EVENT_TYPE_META[type as EventType] ?? { label: type, color: '#475569' };
}

/** `color` overrides the catalogue colour (a saved timeline's colour scheme). */
export function TypeIcon({ type, color }: { type: string; color?: string }) {
  const meta = typeMeta(type);
  return (
    <span className="type-icon" style={{ background: color ?? meta.color }} title={meta.label}>
      <Icon name={type} size={16} />
    </span>
  );
}

export function TypeBadge({ type }: { type: string }) {
  const meta = typeMeta(type);
  return (
    <span className="type-badge" style={{ color: meta.color, borderColor: meta.color }}>
      <Icon name={type} size={14} />
      {meta.label}
    </span>
  );
}
