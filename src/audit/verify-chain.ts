/**
 * Recomputes a company's hash chain over a time range and reports the first broken link: an entry
 * whose content no longer hashes to its stored hash (edited), whose prev_hash is not the stored
 * hash of the entry before it (edited or re-chained), a missing id (deleted), or a head that does
 * not match the last entry (tail deleted). Reads in pages, so a long chain costs memory per page.
 */
import type { Scope } from '../db/scope.js';
import { type ChainedContent, entryHash, GENESIS_HASH } from './chain.js';
import { presentAudit } from './list-audit.js';
import type { AuditEntryOut, RangeQuery, VerifyResponse } from './schema.js';

const PAGE = 2000;
type Broken = NonNullable<VerifyResponse['first_broken']>;

const contentOf = (companyId: string, e: AuditEntryOut): ChainedContent => {
  const { prev_hash: _p, hash: _h, ...rest } = e;
  return { company_id: companyId, ...rest };
};

export async function verifyChain(scope: Scope, range: RangeQuery): Promise<VerifyResponse> {
  const head = await scope.db
    .selectFrom('audit_heads')
    .select(['last_id', 'last_hash'])
    .where('company_id', '=', scope.companyId)
    .executeTakeFirst();
  // Entries are chained by id; `at` (the transaction's start) is only nearly in id order, so the
  // range becomes an id range once and the chain is walked by id.
  const { fromId, toId } = await idBounds(scope, range);
  let previous = fromId > 1 ? await entryById(scope, fromId - 1) : undefined;
  let checked = 0;
  let last: AuditEntryOut | undefined;
  for (;;) {
    const page = await readPage(scope, last?.id ?? fromId - 1, toId);
    for (const e of page) {
      checked++;
      const broken = checkLink(scope.companyId, previous, e, checked, fromId);
      if (broken) return { ok: false, checked, head: headOut(head), first_broken: broken };
      previous = e;
      last = e;
    }
    if (page.length < PAGE) break;
  }
  const tail = checkHead(head, last, range, checked);
  return { ok: !tail, checked, head: headOut(head), first_broken: tail };
}

function checkLink(
  companyId: string,
  previous: AuditEntryOut | undefined,
  e: AuditEntryOut,
  position: number,
  firstId: number,
) {
  const at = (reason: Broken['reason'], expected: string, stored: string): Broken => ({
    id: e.id,
    position,
    reason,
    expected,
    stored,
  });
  const expectedId = previous ? previous.id + 1 : firstId;
  if (e.id !== expectedId) return at('missing_entry', `id ${expectedId}`, `id ${e.id}`);
  const expectedPrev = previous?.hash ?? (e.id === 1 ? GENESIS_HASH : e.prev_hash);
  if (e.prev_hash !== expectedPrev) return at('prev_hash_mismatch', expectedPrev, e.prev_hash);
  const recomputed = entryHash(e.prev_hash, contentOf(companyId, e));
  if (recomputed !== e.hash) return at('hash_mismatch', recomputed, e.hash);
  return null;
}

/** When the range runs to the end of the chain, the head must name its last entry. */
function checkHead(
  head: { last_id: number; last_hash: string } | undefined,
  last: AuditEntryOut | undefined,
  range: RangeQuery,
  checked: number,
): Broken | null {
  if (!head || !last || range.to) return null;
  if (Number(head.last_id) === last.id && head.last_hash === last.hash) return null;
  return {
    id: Number(head.last_id),
    position: checked + 1,
    reason: 'head_mismatch',
    expected: `id ${head.last_id} ${head.last_hash}`,
    stored: `id ${last.id} ${last.hash}`,
  };
}

const headOut = (head: { last_id: number; last_hash: string } | undefined) =>
  head ? { id: Number(head.last_id), hash: head.last_hash } : null;

/** First and last id of the entries in the time range (1 and the largest id without bounds). */
async function idBounds(scope: Scope, range: RangeQuery) {
  let q = scope.db
    .selectFrom('audit_log')
    .select((eb) => [eb.fn.min('id').as('lo'), eb.fn.max('id').as('hi')])
    .where('company_id', '=', scope.companyId);
  if (range.from) q = q.where('at', '>=', new Date(range.from));
  if (range.to) q = q.where('at', '<', new Date(range.to));
  const row = await q.executeTakeFirst();
  const lo = row?.lo == null ? 0 : Number(row.lo);
  return {
    fromId: range.from ? lo || Number.MAX_SAFE_INTEGER : 1,
    toId: row?.hi == null ? 0 : Number(row.hi),
  };
}

/** The entry just before the range (its hash anchors the first link checked), if stored. */
async function entryById(scope: Scope, id: number) {
  const row = await scope.db
    .selectFrom('audit_log')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? presentAudit(row) : undefined;
}

async function readPage(scope: Scope, afterId: number, toId: number) {
  const rows = await scope.db
    .selectFrom('audit_log')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('id', '>', afterId)
    .where('id', '<=', toId)
    .orderBy('id')
    .limit(PAGE)
    .execute();
  return rows.map(presentAudit);
}
