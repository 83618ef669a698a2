/**
 * The values of one filter in the builder's Filters well: checkboxes for fixed lists and the
 * company's segments, a directory type-ahead (the timeline's picker) for users and teams, whose
 * chosen names are listed with a remove button each.
 */

import { isLabelledField, valueLabel } from '../../../../src/events/value-labels.js';
import { useSegmentsQuery, useTeamsQuery, useUsersQuery } from '../../api/useDirectoryQuery.js';
import type { ReportDefinition } from '../../api/useReportsQuery.js';
import { DirectoryPicker } from '../filters/directory-picker.js';
import { FILTERABLE, labelOf } from './definition.js';

interface Props {
  d: ReportDefinition;
  id: string;
  onChange: (d: ReportDefinition) => void;
}

/** A segment as written, underscores read as spaces (segments are the company's own words). */
const asWritten = (v: string) => v.replace(/_/g, ' ');

function Checkboxes({
  values,
  chosen,
  onToggle,
  labelOf = asWritten,
}: {
  values: readonly string[];
  chosen: string[];
  onToggle: (v: string) => void;
  labelOf?: (v: string) => string;
}) {
  return (
    <>
      {values.map((v) => (
        <label key={v}>
          <input type="checkbox" checked={chosen.includes(v)} onChange={() => onToggle(v)} /> {labelOf(v)}
        </label>
      ))}
    </>
  );
}

/** Names of chosen users or teams; an id the directory does not know is shown as is. */
function useNameOf(kind: 'user' | 'team' | undefined) {
  const users = useUsersQuery();
  const teams = useTeamsQuery();
  const list = kind === 'user' ? users.data?.items : kind === 'team' ? teams.data?.items : undefined;
  return (id: string) => list?.find((x) => x.id === id)?.name ?? id;
}

export function FilterValues({ d, id, onChange }: Props) {
  const spec = FILTERABLE[id];
  const segments = useSegmentsQuery();
  const nameOf = useNameOf(spec?.picker);
  if (!spec) return null;
  const filters = (d.filters ?? {}) as Record<string, string[] | undefined>;
  const chosen = filters[spec.filter] ?? [];
  const set = (next: string[]) =>
    onChange({ ...d, filters: { ...filters, [spec.filter]: next } as ReportDefinition['filters'] });
  const toggle = (v: string) => set(chosen.includes(v) ? chosen.filter((x) => x !== v) : [...chosen, v]);
  return (
    <fieldset className="filter-values" data-filter={spec.filter}>
      <legend>{labelOf(id)} is any of</legend>
      {spec.values ? (
        <Checkboxes
          values={spec.values}
          chosen={chosen}
          onToggle={toggle}
          // The catalogue's labels ("Web visit", "Phone system"), as the report's rows name them.
          labelOf={isLabelledField(id) ? (v) => valueLabel(id, v) : asWritten}
        />
      ) : null}
      {spec.segments ? (
        <Checkboxes values={segments.data?.items ?? []} chosen={chosen} onToggle={toggle} />
      ) : null}
      {spec.picker ? (
        <>
          <ul className="chosen">
            {chosen.map((v) => (
              <li key={v} className="chip">
                {nameOf(v)}
                <button
                  type="button"
                  className="chip-remove"
                  aria-label={`Remove ${nameOf(v)} from the ${labelOf(id)} filter`}
                  onClick={() => toggle(v)}
                >
                  ×
                </button>
              </li>
            ))}
          </ul>
          <DirectoryPicker
            label={labelOf(id)}
            kind={spec.picker}
            onPick={(hit) => !chosen.includes(hit.id) && set([...chosen, hit.id])}
          />
        </>
      ) : null}
    </fieldset>
  );
}
