/**
 * Coalesces reload requests: a live list that reloads on every stream message would otherwise fetch
 * once per message (a batch of 200 events, 200 list fetches, each cancelling the one before).
 * At most one reload runs at a time and at most one more waits behind it; the waiting one starts
 * after the last request it stands for, so it reads everything the burst wrote. Reloads start at
 * least `minGapMs` apart, so a burst becomes the first reload plus about one per gap.
 */
export interface CoalescedReloads {
  /** Asks for a reload: starts one now, or makes sure one starts when the gap and the running one allow. */
  request(): void;
  /** Drops the waiting reload and its timer (one already running finishes on its own). */
  dispose(): void;
}

export function coalesceReloads(run: () => Promise<unknown>, minGapMs = 1000): CoalescedReloads {
  let running = false;
  let waiting = false;
  let disposed = false;
  let lastStart = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const start = async () => {
    waiting = false;
    running = true;
    lastStart = Date.now();
    try {
      await run();
    } catch {
      // A failed reload shows as the list's own error state; the next message may ask again.
    } finally {
      running = false;
      if (waiting) schedule();
    }
  };
  const schedule = () => {
    if (disposed || running || timer !== undefined) return;
    const wait = lastStart + minGapMs - Date.now();
    if (wait <= 0) return void start();
    timer = setTimeout(() => {
      timer = undefined;
      if (waiting) schedule();
    }, wait);
  };

  return {
    request() {
      if (disposed) return;
      waiting = true;
      schedule();
    },
    dispose() {
      disposed = true;
      waiting = false;
      clearTimeout(timer);
      timer = undefined;
    },
  };
}
