import { useSyncExternalStore } from 'react';

/** The phone layout's breakpoint (styles.css: max-width 700px). */
const QUERY = '(max-width: 700px)';

export function useNarrowScreen(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(QUERY);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(QUERY).matches,
  );
}
