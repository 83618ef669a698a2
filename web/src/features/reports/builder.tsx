/**
 * The report builder: a palette of metrics and dimensions dragged (dnd-kit) into the Rows, Columns,
 * Filters and Metrics wells. Keyboard users get the same through each well's "Add…" menu, remove
 * buttons on every item, and dnd-kit's keyboard sensor (space to pick up, arrows, space to drop).
 */
import {
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
} from '@dnd-kit/core';
import { useId } from 'react';
import type { ReportDefinition } from '../../api/useReportsQuery.js';
import {
  accepts,
  DIMENSION_IDS,
  drop,
  FILTERABLE,
  itemsOf,
  labelOf,
  METRIC_IDS,
  removeFrom,
  WELLS,
  type Well,
} from './definition.js';

function PaletteChip({ id }: { id: string }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id });
  return (
    <li>
      <button
        type="button"
        ref={setNodeRef}
        className={`chip palette-chip${isDragging ? ' dragging' : ''}`}
        data-item={id}
        {...attributes}
        {...listeners}
      >
        {labelOf(id)}
      </button>
    </li>
  );
}

function FilterValues({
  d,
  id,
  onChange,
}: {
  d: ReportDefinition;
  id: string;
  onChange: (d: ReportDefinition) => void;
}) {
  const spec = FILTERABLE[id];
  if (!spec) return null;
  const filters = (d.filters ?? {}) as Record<string, string[] | undefined>;
  const chosen = filters[spec.filter] ?? [];
  const toggle = (v: string) => {
    const next = chosen.includes(v) ? chosen.filter((x) => x !== v) : [...chosen, v];
    onChange({ ...d, filters: { ...filters, [spec.filter]: next } as ReportDefinition['filters'] });
  };
  return (
    <fieldset className="filter-values">
      <legend>{labelOf(id)} is any of</legend>
      {spec.values.map((v) => (
        <label key={v}>
          <input type="checkbox" checked={chosen.includes(v)} onChange={() => toggle(v)} />{' '}
          {v.replace(/_/g, ' ')}
        </label>
      ))}
    </fieldset>
  );
}

function WellBox({
  well,
  label,
  d,
  onChange,
}: {
  well: Well;
  label: string;
  d: ReportDefinition;
  onChange: (d: ReportDefinition) => void;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: well });
  const selectId = useId();
  const items = itemsOf(d, well);
  const options = [...METRIC_IDS, ...DIMENSION_IDS].filter((id) => accepts(well, id) && !items.includes(id));
  return (
    <section
      ref={setNodeRef}
      className={`well${isOver ? ' over' : ''}`}
      aria-label={`${label} well`}
      data-well={well}
    >
      <h3>{label}</h3>
      <ul className="well-items">
        {items.map((id) => (
          <li key={id} className="chip" data-item={id}>
            {labelOf(id)}
            <button
              type="button"
              className="chip-remove"
              aria-label={`Remove ${labelOf(id)} from ${label}`}
              onClick={() => onChange(removeFrom(d, well, id))}
            >
              ×
            </button>
            {well === 'filters' ? <FilterValues d={d} id={id} onChange={onChange} /> : null}
          </li>
        ))}
      </ul>
      <label className="sr-only" htmlFor={selectId}>
        Add to {label}
      </label>
      <select
        id={selectId}
        className="input"
        value=""
        onChange={(e) => e.target.value && onChange(drop(d, well, e.target.value))}
      >
        <option value="">Add…</option>
        {options.map((id) => (
          <option key={id} value={id}>
            {labelOf(id)}
          </option>
        ))}
      </select>
    </section>
  );
}

export function ReportBuilder({
  d,
  onChange,
}: {
  d: ReportDefinition;
  onChange: (d: ReportDefinition) => void;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor),
  );
  const onDragEnd = (e: DragEndEvent) => {
    if (e.over) onChange(drop(d, e.over.id as Well, String(e.active.id)));
  };
  return (
    <DndContext sensors={sensors} onDragEnd={onDragEnd}>
      <div className="report-builder">
        <nav className="palette" aria-label="Palette">
          <h3>Metrics</h3>
          <ul>
            {METRIC_IDS.map((id) => (
              <PaletteChip key={id} id={id} />
            ))}
          </ul>
          <h3>Dimensions</h3>
          <ul>
            {DIMENSION_IDS.map((id) => (
              <PaletteChip key={id} id={id} />
            ))}
          </ul>
        </nav>
        <div className="wells">
          {WELLS.map((w) => (
            <WellBox key={w.id} well={w.id} label={w.label} d={d} onChange={onChange} />
          ))}
        </div>
      </div>
    </DndContext>
  );
}
