/**
 * The activity catalogue: every choice list of the blueprint in one place.
 * API schemas, database CHECK constraints (see migrations) and the web app all read these lists.
 */
import { type Static, Type } from 'typebox';
import { MAX_EVENT_DATA_BYTES, MAX_EVENT_DATA_DEPTH } from './event-data-limits.js';

export const EVENT_TYPES = [
  'call',
  'email',
  'meeting',
  'task',
  'note',
  'sms',
  'chat',
  'social',
  'web_visit',
  'form_submission',
  'other',
] as const;
export const EVENT_SOURCES = [
  'phone_system',
  'email',
  'calendar',
  'task_manager',
  'chat',
  'social',
  'web',
  'manual',
  'import',
  'api',
] as const;
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const STATUSES = ['active', 'scheduled', 'completed', 'cancelled', 'missed'] as const;
export const SENTIMENTS = ['positive', 'neutral', 'negative', 'mixed'] as const;
export const DIRECTIONS = ['inbound', 'outbound', 'internal'] as const;
/** Outcomes the communication modules report in `event_data.outcome` (effectiveness analytics). */
export const OUTCOMES = [
  'connected',
  'no_answer',
  'voicemail',
  'replied',
  'bounced',
  'meeting_booked',
  'deal_won',
  'deal_lost',
  'resolved',
  'escalated',
  'completed',
  'other',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];
export type EventSource = (typeof EVENT_SOURCES)[number];
export type Priority = (typeof PRIORITIES)[number];
export type Status = (typeof STATUSES)[number];
export type Sentiment = (typeof SENTIMENTS)[number];
export type Direction = (typeof DIRECTIONS)[number];

/**
 * Display metadata of each type: label and default colour (timelines override colours). The colour
 * is also the badge's text colour, so each keeps 4.5:1 contrast on white (WCAG AA, small text).
 */
export const EVENT_TYPE_META: Record<EventType, { label: string; color: string }> = {
  call: { label: 'Call', color: '#2563eb' },
  email: { label: 'Email', color: '#7c3aed' },
  meeting: { label: 'Meeting', color: '#047857' },
  task: { label: 'Task', color: '#b45309' },
  note: { label: 'Note', color: '#6b7280' },
  sms: { label: 'SMS', color: '#0e7490' },
  chat: { label: 'Chat', color: '#be185d' },
  social: { label: 'Social', color: '#4f46e5' },
  web_visit: { label: 'Web visit', color: '#4d7c0f' },
  form_submission: { label: 'Form submission', color: '#c2410c' },
  other: { label: 'Other', color: '#475569' },
};

/** How each value of the other choice lists reads on screen and in exported files. */
export const SOURCE_LABELS: Record<EventSource, string> = {
  phone_system: 'Phone system',
  email: 'Email',
  calendar: 'Calendar',
  task_manager: 'Task manager',
  chat: 'Chat',
  social: 'Social',
  web: 'Web',
  manual: 'Manual',
  import: 'Import',
  api: 'API',
};
export const DIRECTION_LABELS: Record<Direction, string> = {
  inbound: 'Inbound',
  outbound: 'Outbound',
  internal: 'Internal',
};
export const STATUS_LABELS: Record<Status, string> = {
  active: 'Active',
  scheduled: 'Scheduled',
  completed: 'Completed',
  cancelled: 'Cancelled',
  missed: 'Missed',
};
export const PRIORITY_LABELS: Record<Priority, string> = {
  low: 'Low',
  normal: 'Normal',
  high: 'High',
  urgent: 'Urgent',
};
export const SENTIMENT_LABELS: Record<Sentiment, string> = {
  positive: 'Positive',
  neutral: 'Neutral',
  negative: 'Negative',
  mixed: 'Mixed',
};
export const OUTCOME_LABELS: Record<(typeof OUTCOMES)[number], string> = {
  connected: 'Connected',
  no_answer: 'No answer',
  voicemail: 'Voicemail',
  replied: 'Replied',
  bounced: 'Bounced',
  meeting_booked: 'Meeting booked',
  deal_won: 'Deal won',
  deal_lost: 'Deal lost',
  resolved: 'Resolved',
  escalated: 'Escalated',
  completed: 'Completed',
  other: 'Other',
};

const str = (maxLength: number, description: string) =>
  Type.Optional(Type.String({ maxLength, description }));

/**
 * The structured `event_data` every source may send. Known keys are typed (analytics reads them);
 * other keys are kept as sent, so a module can add fields without a schema change here.
 */
export const EventData = Type.Object(
  {
    thread_id: str(200, 'Conversation id from the source; response time pairs replies within a thread.'),
    outcome: Type.Optional(
      Type.Enum(OUTCOMES, { description: 'Result of the activity, used by effectiveness analytics.' }),
    ),
    subject: str(500, 'Email subject or meeting topic.'),
    phone_number: str(50, 'Phone number called or calling.'),
    recording_url: str(2000, 'Link to a call recording.'),
    campaign_id: str(200, 'Marketing campaign the activity belongs to.'),
    url: str(2000, 'Page visited or form address.'),
    due_at: Type.Optional(
      Type.String({ format: 'date-time', description: 'When a task or scheduled activity is due.' }),
    ),
  },
  {
    additionalProperties: true,
    description: `Structured, type-specific data of the event; other keys are kept as sent. At most ${MAX_EVENT_DATA_DEPTH} levels of nested objects and arrays (this object is level 1) and ${MAX_EVENT_DATA_BYTES / 1024} KB as JSON.`,
  },
);
export type EventDataValue = Static<typeof EventData>;
