/**
 * /reports: the saved reports and the builder. The preview re-runs as items are dropped; save
 * stores the definition with its period (or changes the open report), which opens as it was saved.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import '../features/reports/reports.css';
import { useNavigate, useSearchParams } from 'react-router';
import { isMetric, metricDef, VISUALIZATIONS } from '../../../src/reports/catalogue.js';
import {
  type ReportDefinition,
  type RunResult,
  useDuplicateReport,
  useReportPreview,
  useReportQuery,
  useSaveReport,
} from '../api/useReportsQuery.js';
import { FigureCard } from '../components/figure-card.js';
import { DataAsOf } from '../features/dashboards/period.js';
import { ReportBuilder } from '../features/reports/builder.js';
import { EMPTY, runnable, shapeProblem } from '../features/reports/definition.js';
import { ReportList } from '../features/reports/report-list.js';
import {
  choiceOf,
  DEFAULT_PERIOD,
  type PeriodChoice,
  ReportPeriod,
} from '../features/reports/report-period.js';
import { ReportView } from '../features/reports/report-view.js';
import { ShareControls } from '../features/reports/share-controls.js';
import { useZoneChoice } from '../features/timeline-view/display-zone.js';

/**
 * No row, or every figure empty: null, or a count of 0 (gap-filled buckets of a period with nothing
 * in it). A rate of 0 is a finding, not an empty report (with nothing counted it is null).
 */
const countedNothing = (r: RunResult) =>
  r.rows.every((row) =>
    r.metrics.every((m) => row[m] === null || (row[m] === 0 && isMetric(m) && metricDef(m).additive)),
  );

export function ReportsPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const id = params.get('id');
  const saved = useReportQuery(id);
  const [d, setD] = useState<ReportDefinition>(EMPTY);
  const [name, setName] = useState('');
  const [choice, setChoice] = useState<PeriodChoice>(DEFAULT_PERIOD);
  const save = useSaveReport();
  const duplicate = useDuplicateReport();
  const ids = { name: useId(), viz: useId() };

  // Opening a saved report (or "New report") resets the builder to it, its stored period included
  // (a relative one stays relative).
  useEffect(() => {
    if (!id) {
      setD(EMPTY);
      setName('');
      setChoice(DEFAULT_PERIOD);
    } else if (saved.data) {
      const { period, ...definition } = saved.data.definition;
      setD({ filters: {}, ...definition });
      setName(saved.data.report_name);
      setChoice(choiceOf(period));
    }
  }, [id, saved.data]);

  const problem = shapeProblem(d);
  // The run's zone: the report's own, else the viewer's (their preference, else the company's). It
  // is saved with the report, so its dates stay the days picked here.
  const zones = useZoneChoice();
  const zone = d.tz ?? zones.zone;
  // The period travels in the definition: the server resolves a relative one and names it.
  const definition = useMemo(() => ({ ...runnable(d), period: choice, tz: zone }), [d, choice, zone]);
  const preview = useReportPreview(definition, {}, problem === null && zones.ready);
  const canEdit = !saved.data || saved.data.permissions.edit;

  const onSave = async () => {
    const report = await save.mutateAsync({
      id: id && canEdit ? id : undefined,
      body: { report_name: name.trim() || 'Untitled report', definition },
    });
    if (report.id !== id) void navigate(`/reports?id=${report.id}`);
  };
  const onDuplicate = async () => {
    if (!id) return;
    const copy = await duplicate.mutateAsync({ id });
    void navigate(`/reports?id=${copy.id}`);
  };

  return (
    <main id="main" className="page reports-page">
      <ReportList current={id} />
      <div className="report-main">
        <header className="toolbar">
          <h1>{saved.data?.report_name ?? 'New report'}</h1>
          <label htmlFor={ids.name}>Name</label>
          <input id={ids.name} className="input" value={name} onChange={(e) => setName(e.target.value)} />
          <label htmlFor={ids.viz}>Visualization</label>
          <select
            id={ids.viz}
            className="input"
            value={d.visualization}
            onChange={(e) => setD({ ...d, visualization: e.target.value })}
          >
            {VISUALIZATIONS.map((v) => (
              <option key={v} value={v}>
                {v.charAt(0).toUpperCase() + v.slice(1).replace('_', ' ')}
              </option>
            ))}
          </select>
          <ReportPeriod choice={choice} zone={zone} shown={preview.data?.period} onChange={setChoice} />
          <button
            type="button"
            className="btn btn-primary"
            disabled={problem !== null || save.isPending}
            onClick={() => void onSave()}
          >
            {id && canEdit ? 'Save changes' : 'Save report'}
          </button>
          {saved.data ? (
            <button
              type="button"
              className="btn"
              disabled={duplicate.isPending}
              onClick={() => void onDuplicate()}
            >
              Duplicate
            </button>
          ) : null}
        </header>
        {save.error || duplicate.error ? (
          <p role="alert">{((save.error ?? duplicate.error) as Error).message}</p>
        ) : null}
        <ReportBuilder d={d} onChange={setD} />
        <FigureCard
          title={saved.data?.report_name ?? 'Preview'}
          subtitle={
            preview.data
              ? `${preview.data.subtitle} · ${preview.data.columns
                  .filter((c) => c.role === 'metric')
                  .map((c) => c.label)
                  .join(', ')}`
              : 'Drop a metric to start'
          }
          query={problem ? { isPending: false, error: null, refetch: () => undefined } : preview}
          isEmpty={problem !== null || (preview.data !== undefined && countedNothing(preview.data))}
          emptyWhy={
            problem ??
            `Nothing was counted over ${preview.data?.subtitle ?? 'this period'}: try a longer period or fewer filters.`
          }
          className="report-preview"
        >
          {preview.data ? <ReportView r={preview.data} /> : null}
          <DataAsOf freshness={preview.data?.freshness} />
        </FigureCard>
        {saved.data ? <ShareControls report={saved.data} /> : null}
      </div>
    </main>
  );
}
