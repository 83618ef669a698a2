/** A KPI tile: value with unit, label, and the change against the previous period (text, not colour alone). */
import { fmtNumber, formatChange } from './period.js';

export function Tile({
  label,
  value,
  unit,
  change,
  testId,
  loading,
}: {
  label: string;
  value: number | null | undefined;
  unit?: string;
  change?: number | null;
  testId?: string;
  loading?: boolean;
}) {
  const c = change === undefined || loading ? null : formatChange(change);
  return (
    <div className="tile" data-testid={testId}>
      <span className="tile-label">{label}</span>
      <span className="tile-value">
        <span data-value>{loading ? '…' : fmtNumber(value)}</span>
        {unit && !loading ? <small className="muted"> {unit}</small> : null}
      </span>
      {c && <span className={c.className}>{c.text}</span>}
    </div>
  );
}
