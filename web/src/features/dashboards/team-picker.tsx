/** The team dashboard's team picker: choosing a team opens its address, keeping the period. */
import { useId } from 'react';
import { useNavigate } from 'react-router';

interface Props {
  teams: Array<{ id: string; name: string }>;
  /** The team shown ('' while none is). */
  value: string;
  /** The address names no team one can see: the picker offers "Choose a team". */
  unknown: boolean;
}

export function TeamPicker({ teams, value, unknown }: Props) {
  const navigate = useNavigate();
  const pickerId = useId();
  return (
    <div className="toolbar">
      <label htmlFor={pickerId}>Team</label>
      <select
        id={pickerId}
        className="input"
        value={value}
        onChange={(e) => void navigate(`/dashboards/team/${e.target.value}${window.location.search}`)}
      >
        {unknown && <option value="">Choose a team</option>}
        {teams.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </div>
  );
}
