/**
 * Keeps the replica current without anyone asking: wakes on the change NOTIFY every write sends
 * (and on a timer, for a missed one), and syncs each company with changes it has not applied.
 * At start it loads or catches up every company, so the first dashboard does not pay for it.
 */
import { EVENTS_CHANNEL } from '../../events/queries/write-events.js';
import type { AnalyticsReplica } from './replica.js';
import { listCompaniesWithEvents } from './source-rows.js';

/** When the change `seq` of a company was written (undefined if pruned or not there). */
async function changedAt(replica: AnalyticsReplica, companyId: string, seq: number) {
  const row = await replica.db.kysely
    .selectFrom('event_changes')
    .select('changed_at')
    .where('company_id', '=', companyId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row ? new Date(row.changed_at) : undefined;
}

export interface Follower {
  stop(): Promise<void>;
  /** Resolves when every company known at start is loaded and caught up. */
  ready: Promise<void>;
}

export function startFollower(replica: AnalyticsReplica, options: { pollMs?: number } = {}): Follower {
  const pending = new Set<string>();
  let stopped = false;
  let wake: (() => void) | null = null;
  let unlisten: (() => Promise<void>) | null = null;

  const onNotify = (payload: string) => {
    const companyId = payload.split(':')[0];
    if (companyId) pending.add(companyId);
    wake?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = null;
        resolve();
      }
      wake = done;
    });

  async function syncAll(ids: Iterable<string>) {
    for (const id of ids) {
      if (stopped) return;
      try {
        await replica.sync(id);
      } catch (error) {
        replica.log.warn({ companyId: id, err: error }, 'analytics replica: sync failed; retrying');
        pending.add(id);
      }
    }
  }

  // After the listening connection was lost and is back (PostgreSQL), NOTIFYs of the gap are gone:
  // the next pass compares every company's position with the log.
  const onReconnect = () => {
    forcePoll = true;
    wake?.();
  };
  let forcePoll = false;
  const listen = async () => {
    unlisten = await replica.db.listen(EVENTS_CHANNEL, onNotify, onReconnect);
  };

  const ready = (async () => {
    await listen();
    await syncAll((await listCompaniesWithEvents(replica.db.kysely)).map((c) => c.id));
    replica.caughtUpAtStart = true;
  })();

  const loop = (async () => {
    await ready.catch((error: unknown) =>
      replica.log.warn({ err: error }, 'analytics replica: start failed'),
    );
    let lastPoll = Date.now();
    while (!stopped) {
      await sleep(options.pollMs ?? 1000);
      if (stopped) break;
      if (!unlisten) await listen().catch(() => {}); // not listening yet (database down at start): retry
      if (forcePoll || Date.now() - lastPoll >= (options.pollMs ?? 1000)) {
        forcePoll = false;
        lastPoll = Date.now();
        // A NOTIFY can be missed (listener reconnecting): compare every company's position.
        try {
          const marks = await replica.watermarks();
          let behind = 0;
          let oldest: Date | null = null;
          let current = true;
          for (const c of await listCompaniesWithEvents(replica.db.kysely)) {
            const mark = marks.get(c.id);
            if (mark === c.lastSeq) continue;
            current = false;
            pending.add(c.id);
            if (mark === undefined) continue; // loading or never seen: /readyz shows it as loading
            behind += Math.max(0, c.lastSeq - mark);
            const at = await changedAt(replica, c.id, mark + 1);
            if (at && (!oldest || at < oldest)) oldest = at;
          }
          // The start's catch-up may have failed (database down): the first poll finding every
          // company current ends the loading state instead.
          if (current) replica.caughtUpAtStart = true;
          replica.lag = {
            behind,
            seconds: oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0,
            at: new Date(),
          };
        } catch (error) {
          replica.log.warn({ err: error }, 'analytics replica: poll failed');
        }
      }
      const ids = [...pending];
      pending.clear();
      await syncAll(ids);
      // Nothing arrived meanwhile: a checkpoint now stalls no batch (see IDLE_CHECKPOINT_BYTES).
      if (!pending.size && !stopped)
        await replica
          .checkpointIfDue()
          .catch((error: unknown) =>
            replica.log.warn({ err: error }, 'analytics replica: checkpoint failed'),
          );
    }
  })();

  return {
    ready,
    async stop() {
      stopped = true;
      wake?.();
      await unlisten?.();
      await loop;
    },
  };
}
