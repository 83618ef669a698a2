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
  itemsOf,
  labelOf,
  METRIC_IDS,
  removeFrom,
  WELLS,
  type Well,
} from './definition.js';
import { FilterValues } from './filter-values.js';
import { SortAndLimit } from './sort-limit.js';

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
          <SortAndLimit d={d} onChange={onChange} />
        </div>
      </div>
    </DndContext>
  );
}
