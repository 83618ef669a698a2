/** The schedule form's state, and its translation to and from the API's schedule definition. */
import type { Schedule, ScheduleInput, Target } from '../../../../src/schedules/schema.js';

export interface FormState {
  name: string;
  kind: 'digest' | 'dashboard';
  digestBy: 'customer_id' | 'segment' | 'team_id';
  digestValue: string;
  dashboard: 'executive' | 'team' | 'individual';
  dashboardSubject: string;
  period: 'last_day' | 'last_7_days' | 'last_30_days';
  timing: 'day' | 'week' | 'month' | 'cron';
  at: string;
  weekday: number;
  day: number;
  cron: string;
  timezone: string;
  format: 'json' | 'csv' | 'html';
  recipients: string;
  skipIfEmpty: boolean;
  onlyWhenFigure: string;
  onlyWhenOp: '>' | '>=' | '<' | '<=' | '=' | '!=';
  onlyWhenValue: number;
  paused: boolean;
}

export const emptyForm = (): FormState => ({
  name: '',
  kind: 'digest',
  digestBy: 'team_id',
  digestValue: '',
  dashboard: 'executive',
  dashboardSubject: '',
  period: 'last_7_days',
  timing: 'day',
  at: '08:00',
  weekday: 1,
  day: 1,
  cron: '0 8 * * 1-5',
  timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  format: 'json',
  recipients: '',
  skipIfEmpty: false,
  onlyWhenFigure: '',
  onlyWhenOp: '>',
  onlyWhenValue: 0,
  paused: false,
});

function targetOf(f: FormState): Target {
  if (f.kind === 'digest') return { kind: 'digest', [f.digestBy]: f.digestValue };
  const subject =
    f.dashboard === 'team'
      ? { team_id: f.dashboardSubject }
      : f.dashboard === 'individual'
        ? { user_id: f.dashboardSubject }
        : {};
  return { kind: 'dashboard', dashboard: f.dashboard, period: f.period, ...subject };
}

/** One recipient per line: an email address, or a webhook URL. */
const recipientsOf = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (/^https?:\/\//i.test(s) ? { webhook_url: s } : { email: s }));

export function toInput(f: FormState): ScheduleInput {
  const timing =
    f.timing === 'cron'
      ? { cron: f.cron }
      : {
          preset: {
            every: f.timing,
            at: f.at,
            ...(f.timing === 'week' ? { weekday: f.weekday } : {}),
            ...(f.timing === 'month' ? { day: f.day } : {}),
          },
        };
  return {
    name: f.name,
    target: targetOf(f),
    ...timing,
    timezone: f.timezone,
    format: f.format,
    recipients: recipientsOf(f.recipients),
    skip_if_empty: f.skipIfEmpty,
    only_when: f.onlyWhenFigure
      ? { figure: f.onlyWhenFigure, op: f.onlyWhenOp, value: f.onlyWhenValue }
      : null,
    paused: f.paused,
  };
}

export function fromSchedule(s: Schedule): FormState {
  const f = {
    ...emptyForm(),
    name: s.name,
    timezone: s.timezone,
    paused: s.paused,
    skipIfEmpty: s.skip_if_empty,
  };
  const t = s.target;
  if (t.kind === 'digest') {
    const by = t.customer_id ? 'customer_id' : t.segment ? 'segment' : 'team_id';
    Object.assign(f, { kind: 'digest', digestBy: by, digestValue: t[by] ?? '' });
  } else if (t.kind === 'dashboard')
    Object.assign(f, {
      kind: 'dashboard',
      dashboard: t.dashboard,
      period: t.period,
      dashboardSubject: t.team_id ?? t.user_id ?? '',
    });
  if (s.preset)
    Object.assign(f, {
      timing: s.preset.every,
      at: s.preset.at,
      weekday: s.preset.weekday ?? 1,
      day: s.preset.day ?? 1,
    });
  else Object.assign(f, { timing: 'cron', cron: s.cron });
  f.format = s.format === 'csv' || s.format === 'html' ? s.format : 'json';
  f.recipients = s.recipients.map((r) => r.webhook_url ?? r.email ?? '').join('\n');
  if (s.only_when)
    Object.assign(f, {
      onlyWhenFigure: s.only_when.figure,
      onlyWhenOp: s.only_when.op,
      onlyWhenValue: s.only_when.value,
    });
  return f;
}

/** A short description of what and when, for the list. */
export function describeSchedule(s: Schedule): { what: string; when: string } {
  const t = s.target;
  const what =
    t.kind === 'digest'
      ? `Digest of ${t.customer_id ? 'a customer' : t.segment ? `segment ${t.segment}` : 'a team'}`
      : t.kind === 'dashboard'
        ? `${t.dashboard} dashboard (${t.period.replace(/_/g, ' ')})`
        : 'Report';
  const p = s.preset;
  const days = ['', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays', 'Sundays'];
  const when = !p
    ? `cron ${s.cron}`
    : p.every === 'day'
      ? `daily at ${p.at}`
      : p.every === 'week'
        ? `${days[p.weekday ?? 1]} at ${p.at}`
        : `monthly on day ${p.day} at ${p.at}`;
  return { what, when: `${when} (${s.timezone})` };
}
