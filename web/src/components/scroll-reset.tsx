/**
 * Scroll like a multi-page site: a new page opens at the top, Back (and Forward) returns to where
 * that page was left. BrowserRouter has no scroll restoration of its own, so without this a phone
 * opened the timeline as far down as the previous page had been scrolled.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { useLocation, useNavigationType } from 'react-router';

const positions = new Map<string, number>();
// The history entry scroll events belong to. It changes before the new page scrolls to the top,
// so that scroll is never recorded as the position of the page just left.
const active = { key: '' };

export function ScrollReset() {
  const location = useLocation();
  const type = useNavigationType();
  const lastPath = useRef<string | undefined>(undefined);
  useEffect(() => {
    window.history.scrollRestoration = 'manual';
    const onScroll = () => positions.set(active.key, window.scrollY);
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => window.removeEventListener('scroll', onScroll);
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs per history entry; the rest is read then
  useLayoutEffect(() => {
    active.key = location.key;
    // Only a new page moves the scroll; a change of its query (filters) keeps the position.
    const newPage = lastPath.current !== location.pathname;
    lastPath.current = location.pathname;
    if (!newPage) return;
    if (type !== 'POP') {
      window.scrollTo(0, 0);
      return;
    }
    const saved = positions.get(location.key) ?? 0;
    // The page may still be loading its data: retry until it is tall enough, for up to 10 s (a slow
    // network or a busy server), unless the user scrolls first — then their position wins.
    let tries = 0;
    let timer: ReturnType<typeof setTimeout>;
    const stop = () => clearTimeout(timer);
    const restore = () => {
      window.scrollTo(0, saved);
      if (Math.abs(window.scrollY - saved) > 2 && tries++ < 200) timer = setTimeout(restore, 50);
    };
    const inputs = ['wheel', 'touchstart', 'keydown'] as const;
    for (const name of inputs) window.addEventListener(name, stop, { once: true, passive: true });
    timer = setTimeout(restore, 0);
    return () => {
      stop();
      for (const name of inputs) window.removeEventListener(name, stop);
    };
  }, [location.key]);
  return null;
}
