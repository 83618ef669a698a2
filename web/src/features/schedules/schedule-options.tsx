/** The schedule form's options: skip when empty, only when a figure compares with a threshold, paused. */
import type { FormState } from './form-model.js';

const FIGURES = { digest: ['events', 'notable', 'unanswered', 'upcoming'], dashboard: ['activities'] };

export function ScheduleOptions({ f, set }: { f: FormState; set: (p: Partial<FormState>) => void }) {
  return (
    <div className="schedule-row">
      <label className="check">
        <input
          type="checkbox"
          checked={f.skipIfEmpty}
          onChange={(e) => set({ skipIfEmpty: e.target.checked })}
        />{' '}
        Skip when empty
      </label>
      <label className="field">
        Only when
        <select value={f.onlyWhenFigure} onChange={(e) => set({ onlyWhenFigure: e.target.value })}>
          <option value="">Always</option>
          {FIGURES[f.kind].map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
      </label>
      {f.onlyWhenFigure && (
        <>
          <label className="field">
            Is
            <select
              value={f.onlyWhenOp}
              onChange={(e) => set({ onlyWhenOp: e.target.value as FormState['onlyWhenOp'] })}
            >
              {['>', '>=', '<', '<=', '=', '!='].map((op) => (
                <option key={op}>{op}</option>
              ))}
            </select>
          </label>
          <label className="field">
            Threshold
            <input
              type="number"
              value={f.onlyWhenValue}
              onChange={(e) => set({ onlyWhenValue: Number(e.target.value) })}
            />
          </label>
        </>
      )}
      <label className="check">
        <input type="checkbox" checked={f.paused} onChange={(e) => set({ paused: e.target.checked })} />{' '}
        Paused
      </label>
    </div>
  );
}
