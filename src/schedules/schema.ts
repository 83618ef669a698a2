/** Request and response schemas of the report schedules API; types are inferred from them. */
import { type Static, Type } from 'typebox';

const uuid = (description: string) => Type.String({ format: 'uuid', description });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const dateTime = Type.String({ format: 'date-time' });

export const DASHBOARD_PERIODS = ['last_day', 'last_7_days', 'last_30_days'] as const;
export const FORMATS = ['json', 'csv', 'html', 'pdf', 'xlsx'] as const;

export const DashboardTarget = Type.Object(
  {
    kind: Type.Literal('dashboard'),
    dashboard: Type.Enum(['executive', 'team', 'individual'], {
      description: 'executive (company-wide), team (needs team_id) or individual (needs user_id).',
    }),
    team_id: Type.Optional(uuid('The team of a team dashboard.')),
    user_id: Type.Optional(uuid('The user of an individual dashboard.')),
    period: Type.Enum(DASHBOARD_PERIODS, {
      description: 'The period ending at the slot: the last day, 7 days or 30 days.',
    }),
  },
  { additionalProperties: false },
);
export const DigestTarget = Type.Object(
  {
    kind: Type.Literal('digest'),
    customer_id: Type.Optional(uuid('One customer.')),
    segment: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: "A segment's customers." }),
    ),
    team_id: Type.Optional(uuid("A team's activity (its members' events).")),
    upcoming_days: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 31,
        description: 'Days of upcoming activities listed (default 7).',
      }),
    ),
  },
  { additionalProperties: false, description: 'Exactly one of customer_id, segment, team_id.' },
);
export const ReportTarget = Type.Object(
  { kind: Type.Literal('report'), report_id: uuid('A saved report (report builder).') },
  { additionalProperties: false },
);
export const Target = Type.Union([DashboardTarget, DigestTarget, ReportTarget], {
  description: 'What is delivered, by `kind`: dashboard, digest (timeline digest) or report.',
});
export type Target = Static<typeof Target>;
export type DashboardTarget = Static<typeof DashboardTarget>;
export type DigestTarget = Static<typeof DigestTarget>;

const hhmm = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Local time HH:MM.' });
export const Preset = Type.Object(
  {
    every: Type.Enum(['day', 'week', 'month']),
    at: hhmm,
    weekday: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 7, description: 'Weekly: 1 = Monday … 7 = Sunday.' }),
    ),
    day: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 28, description: 'Monthly: day of the month (1–28).' }),
    ),
  },
  { additionalProperties: false },
);
export type Preset = Static<typeof Preset>;

export const Recipient = Type.Object(
  {
    email: Type.Optional(Type.String({ format: 'email', maxLength: 320 })),
    webhook_url: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 2000,
        description: 'https:// (http:// only for allowlisted hosts).',
      }),
    ),
    user_id: Type.Optional(
      uuid(
        'A directory user: they receive only what they may see (and their directory email when no email/webhook is given).',
      ),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type Recipient = Static<typeof Recipient>;

export const OnlyWhen = Type.Object(
  {
    figure: Type.String({
      minLength: 1,
      maxLength: 40,
      description:
        'digest: events, notable, unanswered, upcoming; dashboard: activities (volume total); report: as its runner names them.',
    }),
    op: Type.Enum(['>', '>=', '<', '<=', '=', '!=']),
    value: Type.Number(),
  },
  { additionalProperties: false, description: 'Send only when figure op value holds (per recipient).' },
);
export type OnlyWhen = Static<typeof OnlyWhen>;

const fields = {
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
  target: Target,
  cron: Type.String({
    minLength: 1,
    maxLength: 100,
    description: 'Five-field cron (minute hour day month weekday); or give preset.',
  }),
  preset: Preset,
  timezone: Type.String({
    minLength: 1,
    maxLength: 64,
    description: "IANA zone of the slots; default the company's.",
  }),
  format: Type.Enum(FORMATS, {
    description: 'json, csv, html now; pdf and xlsx with the exports renderers.',
  }),
  recipients: Type.Array(Recipient, { minItems: 1, maxItems: 50 }),
  skip_if_empty: Type.Boolean({ description: 'Send nothing to a recipient whose content is empty.' }),
  only_when: Nullable(OnlyWhen),
  paused: Type.Boolean(),
};
const optional = <T extends Record<string, Parameters<typeof Type.Optional>[0]>>(props: T) =>
  Object.fromEntries(Object.entries(props).map(([k, v]) => [k, Type.Optional(v)])) as {
    [K in keyof T]: ReturnType<typeof Type.Optional<T[K]>>;
  };

const { name, target, format, recipients, ...rest } = fields;
export const ScheduleInput = Type.Object(
  { name, target, format, recipients, ...optional(rest) },
  { additionalProperties: false, description: 'Give cron or preset, not both.' },
);
export type ScheduleInput = Static<typeof ScheduleInput>;
export const SchedulePatch = Type.Object(optional(fields), { additionalProperties: false, minProperties: 1 });
export type SchedulePatch = Static<typeof SchedulePatch>;

export const EMAIL_TRANSPORTS = ['smtp', 'outbox'] as const;
const emailTransport = Type.Enum(EMAIL_TRANSPORTS, {
  description:
    'smtp: SMTP_URL is set; outbox: no SMTP configured, emails are written as .eml files on the server.',
});

export const Schedule = Type.Object({
  id: Type.String(),
  name: fields.name,
  target: Target,
  cron: Type.String({ description: 'The cron the slots follow (a preset shown as its cron).' }),
  preset: Nullable(Preset),
  timezone: Type.String(),
  format: fields.format,
  recipients: Type.Array(Recipient),
  skip_if_empty: Type.Boolean(),
  only_when: Nullable(OnlyWhen),
  paused: Type.Boolean(),
  owner_user_id: Type.String(),
  next_run_at: Nullable(dateTime),
  last_delivery: Nullable(
    Type.Object({ id: Type.String(), slot_at: dateTime, status: Type.String(), late: Type.Boolean() }),
  ),
  email_transport: emailTransport,
  created_at: dateTime,
  updated_at: dateTime,
});
export type Schedule = Static<typeof Schedule>;
export const ScheduleWithSecret = Type.Object({
  ...Schedule.properties,
  webhook_secret: Type.String({ description: 'HMAC-SHA256 key of X-Signature; shown only now.' }),
});
export const SecretResponse = Type.Object({ webhook_secret: Type.String() });
export const ListSchedulesResponse = Type.Object({
  items: Type.Array(Schedule),
  email_transport: emailTransport,
});
export const ScheduleIdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const Attempt = Type.Object({
  at: dateTime,
  ok: Type.Boolean(),
  status_code: Type.Optional(Type.Integer()),
  error: Type.Optional(Type.String()),
  retry_in_ms: Type.Optional(Type.Integer({ description: 'Backoff before the next try (ms).' })),
});
export type Attempt = Static<typeof Attempt>;
export const RecipientOutcome = Type.Object({
  channel: Type.Enum(['email', 'webhook']),
  address: Type.String(),
  user_id: Nullable(Type.String()),
  status: Type.Enum(['queued', 'sending', 'sent', 'outboxed', 'failed', 'skipped'], {
    description:
      'queued and sending while the delivery runs (a webhook between retries is sending, its tries so far listed); then sent, outboxed, failed or skipped.',
  }),
  reason: Type.Optional(Type.String({ description: 'Why skipped or failed.' })),
  outbox_file: Type.Optional(Type.String({ description: 'The .eml file name in the outbox.' })),
  attempts: Type.Array(Attempt),
});
export type RecipientOutcome = Static<typeof RecipientOutcome>;
export const Delivery = Type.Object({
  id: Type.String(),
  schedule_id: Type.String(),
  slot_at: dateTime,
  trigger: Type.Enum(['schedule', 'manual']),
  late: Type.Boolean({ description: 'A slot missed while no server ran, delivered at start-up.' }),
  status: Type.Enum(['running', 'delivered', 'partial', 'failed', 'skipped']),
  detail: Nullable(Type.String()),
  window_from: Nullable(dateTime),
  claims: Type.Integer({ description: '> 1 when a crashed claim was retaken.' }),
  email_transport: emailTransport,
  recipients: Type.Array(RecipientOutcome),
  created_at: dateTime,
  finished_at: Nullable(dateTime),
});
export type Delivery = Static<typeof Delivery>;
export const ListDeliveriesResponse = Type.Object({ items: Type.Array(Delivery) });
export const ListDeliveriesQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
  { additionalProperties: false },
);
