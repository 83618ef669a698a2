/**
 * A company's full load from the system of record: on first use, after a restore, or when the
 * change log no longer holds every change since the replica's watermark. Streamed in pages (the
 * events are never all in memory) in (event_timestamp, id) order, with progress for /readyz.
 *
 * Not one snapshot (on the embedded engine a long read would hold its only connection): the log
 * position is read first, so every change after it is replayed afterwards by applyChanges, which
 * reads current rows and replaces by id; `dedupe_through` tells it to replace even for 'created'
 * changes up to the position at the end of the load, as a page may already hold those rows.
 */
import type { Scope } from '../../db/scope.js';
import {
  appendCustomers,
  appendEvents,
  appendUsers,
  createEventStage,
  inTransaction,
} from './append-rows.js';
import type { AnalyticsReplica, CompanyProgress } from './replica.js';
import { COMPANY_TABLES } from './schema.js';
import { insertWithFacts } from './sequence-facts.js';
import { refreshTails } from './sequence-tails.js';
import { readCustomers, readEventPage, readLogPosition, readUsers } from './source-rows.js';

/** Events per page of a full load: bounds the rows held in memory at once. */
export const LOAD_PAGE = 20_000;

export function loadCompany(replica: AnalyticsReplica, scope: Scope, startSeq: number): Promise<void> {
  // Under a third of the memory limit (load-memory.ts): the staged rows and the fact pass spill early.
  return replica.loadMemory.during(() => load(replica, scope, startSeq));
}

async function load(replica: AnalyticsReplica, scope: Scope, startSeq: number): Promise<void> {
  const companyId = scope.companyId;
  const started = Date.now();
  const { count } = await scope.db
    .selectFrom('crm_activity_events')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('company_id', '=', companyId)
    .where('is_deleted', '=', false)
    .executeTakeFirstOrThrow();
  const total = Number(count);
  const progress: CompanyProgress & { loaded: number; total: number } = {
    state: 'loading',
    loaded: 0,
    total,
  };
  replica.progress.set(companyId, progress);
  replica.log.info({ companyId, events: total }, 'analytics replica: loading company');
  const w = replica.writer;
  const [customers, users] = await Promise.all([readCustomers(scope, null), readUsers(scope, null)]);
  await replica.writes.run(() =>
    inTransaction(w, async () => {
      for (const t of COMPANY_TABLES)
        await w.run(`delete from ${t} where company_id = $c::uuid`, { c: companyId });
      await appendCustomers(w, companyId, customers);
      await appendUsers(w, companyId, users);
    }),
  );
  // Pages are staged in a temp table (spilled to disk past the memory limit) and move into events
  // once, with their facts, in one set-based pass: no row is written twice. One stage per company:
  // loads of two companies interleave their pages on the writer.
  const stage = await replica.writes.run(() => createEventStage(w, `load_${companyId.replaceAll('-', '')}`));
  try {
    await copyPages(replica, scope, stage, progress);
    const { lastSeq: endSeq } = await readLogPosition(scope);
    // The one pass over the whole company takes a while (minutes at 10M events) and has no
    // progress of its own: the log, /readyz's 100 % and a 503's detail say it is the last step.
    progress.computingFacts = true;
    const memoryLimit = await replica.writes.run(() => replica.loadMemory.current());
    replica.log.info(
      { companyId, events: progress.loaded, memoryLimit },
      'analytics replica: computing sequence facts',
    );
    // Until the watermark exists no read sees the company: the rows and it arrive together.
    await replica.writes.run(() =>
      inTransaction(w, async () => {
        await insertWithFacts(w, stage.name);
        await refreshTails(w, companyId);
        await w.run(`insert or replace into watermarks values ($c::uuid, $seq, now(), now(), $dedupe)`, {
          c: companyId,
          seq: BigInt(startSeq),
          dedupe: BigInt(endSeq),
        });
      }),
    );
  } finally {
    await replica.writes.run(() => w.run(`drop table if exists ${stage.name}`));
  }
  replica.progress.set(companyId, { state: 'following' });
  replica.log.info(
    { companyId, events: progress.loaded, ms: Date.now() - started },
    'analytics replica: company loaded',
  );
}

/** Copies the company's live events into the stage, page by page, in (event_timestamp, id) order. */
async function copyPages(
  replica: AnalyticsReplica,
  scope: Scope,
  stage: { name: string; temp: boolean },
  progress: { loaded: number; total: number },
) {
  const w = replica.writer;
  const companyId = scope.companyId;
  const size = replica.options.loadPageSize ?? LOAD_PAGE;
  let after: { at: string; id: string } | null = null;
  let lastLogged = Date.now();
  for (;;) {
    const page = await readEventPage(scope, after, size);
    if (page.length === 0) break;
    await replica.writes.run(() => inTransaction(w, () => appendEvents(w, stage, companyId, page)));
    const last = page[page.length - 1] as (typeof page)[number];
    after = { at: last.at, id: last.id };
    progress.loaded += page.length;
    if (Date.now() - lastLogged > 5000) {
      lastLogged = Date.now();
      replica.log.info(
        { companyId, loaded: progress.loaded, total: progress.total },
        'analytics replica: loading',
      );
    }
    if (page.length < size) break;
  }
}
