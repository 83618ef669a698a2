/**
 * Private activities: an event's own `visibility` decides who reads its content, on top of the
 * company rule (policy.ts) that decides who sees the event at all. Those who see the event but may
 * not read it get the redacted placeholder below on every read path, while every count and
 * analytics figure still includes it.
 *
 * - `default`: the company rule alone;
 * - `team`: the owner and the current members of the owner's team in the directory (`users.team_id`
 *   of both, now; a token's team does not count, a lead of the team who is not a member does not);
 * - `participants`: the owner and the users listed among its participants, matched by a
 *   participant's `id` equal to the viewer's user id or its `email` equal to the viewer's e-mail in
 *   the directory (ingest stores participant e-mails lower-cased);
 * - `private`: the owner only.
 *
 * No role reads past it: not admin, not compliance, not an integration token. The redacted form is
 * what they see, like everyone else (compliance reviews the placeholder and its metadata).
 */
import { type Static, Type } from 'typebox';

export const EVENT_VISIBILITIES = ['default', 'team', 'participants', 'private'] as const;

export const EventVisibility = Type.Enum(EVENT_VISIBILITIES, {
  default: 'default',
  description:
    "Who reads this event's content. `default`: the company rule (activity_visibility). `team`: the owner " +
    "and the current members of the owner's team (directory). `participants`: the owner and the users " +
    'listed among its participants (by user id or directory e-mail). `private`: the owner only. Everyone ' +
    'else who may see the event gets a redacted placeholder (redacted: true); counts still include it.',
});
export type EventVisibility = Static<typeof EventVisibility>;

/** Who is reading, as content rules need it (resolved once per request, policy.ts). */
export interface ContentReader {
  /** The viewer's user id, lower-cased. */
  userId: string;
  /** The viewer's e-mail in the directory, lower-cased; null when unknown. */
  email: string | null;
  /** The viewer's team in the directory now (lower-cased); null when none. */
  team: string | null;
}

/** What the rule reads of an event: its visibility, owner, owner's current team, participants. */
export interface ContentFacts {
  visibility: EventVisibility;
  user_id: string;
  team_id: string | null;
  participants: unknown;
}

/** The title a redacted event shows instead of its own. */
export const REDACTED_TITLE = 'Private activity';

function listed(reader: ContentReader, participants: unknown): boolean {
  if (!Array.isArray(participants)) return false;
  return participants.some((p: { id?: unknown; email?: unknown }) => {
    if (typeof p?.id === 'string' && p.id.toLowerCase() === reader.userId) return true;
    return reader.email !== null && typeof p?.email === 'string' && p.email.toLowerCase() === reader.email;
  });
}

/** Whether `reader` may read the content of an event they see (the rule above, in memory). */
export function canReadContent(reader: ContentReader, e: ContentFacts): boolean {
  if (e.visibility === 'default' || e.user_id.toLowerCase() === reader.userId) return true;
  if (e.visibility === 'team') return reader.team !== null && e.team_id?.toLowerCase() === reader.team;
  if (e.visibility === 'participants') return listed(reader, e.participants);
  return false;
}
