/**
 * Applies a company's change log to the replica, in seq order, in batches: for each batch, the
 * current rows of the changed events and directory entries are read from the system of record
 * and replace the replica's, and the watermark moves to the batch's last seq in the same DuckDB
 * transaction, so a crash resumes exactly where the last commit left off and nothing is applied
 * twice. Reading current rows (not the change's own state) is what makes replay idempotent.
 */
import { type DuckDBConnection, LIST, listValue, VARCHAR } from '@duckdb/node-api';
import type { Scope } from '../../db/scope.js';
import {
  appendCustomers,
  appendEvents,
  appendUsers,
  createEventStage,
  inTransaction,
} from './append-rows.js';
import { ApplyTimer } from './apply-timing.js';
import type { AnalyticsReplica } from './replica.js';
import { applyWithFacts, FACT_COLUMNS } from './sequence-facts.js';
import { appendAtTails, refreshTouchedTails, splitAppends } from './sequence-tails.js';
import {
  readChangesBetween,
  readCustomers,
  readEventsById,
  readLogPosition,
  readUsers,
  type SourceEvent,
} from './source-rows.js';

export const APPLY_BATCH = 5_000;

/** Applies changes after `fromSeq` up to `toSeq` (one batch at most); 'reload' when the log has lost some. */
export async function applyChanges(
  replica: AnalyticsReplica,
  scope: Scope,
  fromSeq: number,
  toSeq: number,
): Promise<{ seq: number; count: number } | 'reload'> {
  const timer = new ApplyTimer();
  const through = Math.min(toSeq, fromSeq + (replica.options.applyBatch ?? APPLY_BATCH));
  const changes = await readChangesBetween(scope, fromSeq, through);
  timer.lap('read change log');
  // Pruning deletes oldest changes first and records how far: checked after the read, so a
  // change pruned before it was read cannot go unnoticed.
  if ((await readLogPosition(scope)).prunedThrough > fromSeq) return 'reload';
  const eventIds = new Set<string>();
  const replaced = new Set<string>(); // events the replica may hold already
  const customerIds = new Set<string>();
  const userIds = new Set<string>();
  const dedupeThrough = (await replica.watermark(scope.companyId))?.dedupeThrough ?? 0;
  timer.lap('read log position and watermark');
  for (const c of changes) {
    if (c.kind === 'customer') customerIds.add(c.event_id);
    else if (c.kind === 'user') userIds.add(c.event_id);
    else {
      eventIds.add(c.event_id);
      if (c.kind !== 'created' || Number(c.seq) <= dedupeThrough) replaced.add(c.event_id);
    }
  }
  const [events, customers, users] = await Promise.all([
    readEventsById(scope, [...eventIds]),
    readCustomers(scope, [...customerIds]),
    readUsers(scope, [...userIds]),
  ]);
  timer.lap('read rows from the database');
  const w = timer.timed(replica.writer);
  const companyId = scope.companyId;
  await replica.writes.run(() =>
    inTransaction(w, async () => {
      timer.lap('wait for the writer');
      if (eventIds.size)
        await replaceEvents(
          w,
          companyId,
          [...replaced],
          events.filter((e) => !e.is_deleted),
        );
      if (customerIds.size) {
        await w.run(
          `delete from customers where company_id = $c::uuid and id in (select unnest($ids::uuid[]))`,
          {
            c: companyId,
            ids: listOf([...customerIds]),
          },
          { ids: LIST_VARCHAR },
        );
        await appendCustomers(w, companyId, customers);
      }
      if (userIds.size) {
        await w.run(
          `delete from users where company_id = $c::uuid and id in (select unnest($ids::uuid[]))`,
          {
            c: companyId,
            ids: listOf([...userIds]),
          },
          { ids: LIST_VARCHAR },
        );
        await appendUsers(w, companyId, users);
      }
      await w.run(`update watermarks set seq = $seq, applied_at = now() where company_id = $c::uuid`, {
        c: companyId,
        seq: BigInt(through),
      });
      replica.options.beforeApplyCommit?.(companyId, through);
    }),
  );
  const timing = timer.finish(companyId, changes.length);
  replica.options.onApply?.(timing);
  if (timing.ms >= (replica.options.slowApplyMs ?? 1000))
    replica.log.warn(timing, 'analytics replica: slow batch (phases in ms)');
  return { seq: through, count: changes.length };
}

const LIST_VARCHAR = LIST(VARCHAR);
const listOf = (ids: string[]) => listValue(ids);

/**
 * The old versions of the changed events leave (their customer and instant say whose sequences
 * change, and from where: an update may move an event to another customer or instant, a delete
 * removes it); their current live versions are staged, then inserted with their facts while the
 * touched customers' later facts are brought up to date (sequence-facts.ts).
 */
async function replaceEvents(
  w: DuckDBConnection,
  companyId: string,
  replaced: string[],
  live: SourceEvent[],
) {
  const byId = { c: companyId, ids: listOf(replaced) };
  // A batch of new events replaces nothing: no pass over the events to find what it would. The old
  // versions keep only what decides and carries their facts: reading every column of rows spread
  // over the table (participants' lists, texts) cost a third more (1,000 rows at 10M: 730 → 471 ms).
  const columns = `id, ${IDENTITY.join(', ')}, ${FACT_COLUMNS.join(', ')}`;
  await w.run(
    replaced.length
      ? `create or replace temp table old as select ${columns} from events
         where company_id = $c::uuid and id in (select unnest($ids::uuid[]))`
      : `create or replace temp table old as select ${columns} from events limit 0`,
    replaced.length ? byId : undefined,
    replaced.length ? { ids: LIST_VARCHAR } : undefined,
  );
  if (replaced.length)
    await w.run(
      `delete from events where company_id = $c::uuid and id in (select unnest($ids::uuid[]))`,
      byId,
      {
        ids: LIST_VARCHAR,
      },
    );
  await appendEvents(w, await createEventStage(w, 'incoming'), companyId, live);
  await keepUnmovedFacts(w);
  // Customers with only new events after their last one take the short path (sequence-tails.ts);
  // the others the general one, after which their tails are read again from their events.
  await splitAppends(w, companyId);
  if (await hasRows(w, 'general')) {
    await applyWithFacts(w, companyId);
    await refreshTouchedTails(w, companyId);
    for (const t of ['apply_touched', 'apply_src', 'apply_facts']) await w.run(`drop table ${t}`);
  }
  if (await hasRows(w, 'appended')) await appendAtTails(w, companyId);
  for (const t of ['old', 'same', 'removed', 'incoming', 'general', 'appended'])
    await w.run(`drop table ${t}`);
}

async function hasRows(w: DuckDBConnection, table: string): Promise<boolean> {
  const r = await w.runAndReadAll(`select exists (select 1 from ${table}) as found`);
  return (r.getRowObjects()[0] as { found: boolean }).found;
}

/** What a change must keep for its event's sequence facts, and its neighbours', to stay as they are. */
const IDENTITY = ['customer_id', 'ts_us', 'event_type', 'direction', 'thread_id', 'user_id'];

/**
 * Changes that leave an event's place and sequence identity alone (a status or title update, the
 * common case) change no sequence facts: those events go back with their old facts, so the
 * customer's later events are not recomputed. The rest leave `removed` (the old versions'
 * customer and instant: whose sequences change, from where) and stay in `incoming`.
 */
async function keepUnmovedFacts(w: DuckDBConnection) {
  await w.run(
    `create or replace temp table same as select i.id from incoming i join old o using (id)
     where ${IDENTITY.map((c) => `i.${c} is not distinct from o.${c}`).join(' and ')}`,
  );
  await w.run(
    `insert into events by name
     select i.* exclude (${FACT_COLUMNS.join(', ')}), ${FACT_COLUMNS.map((c) => `o.${c}`).join(', ')}
     from incoming i join old o using (id) where i.id in (select id from same) order by i.ts_us, i.id`,
  );
  await w.run('delete from incoming where id in (select id from same)');
  await w.run(
    'create or replace temp table removed as select customer_id, ts_us from old where id not in (select id from same)',
  );
}
