/**
 * Light or dark: follows the system setting (prefers-color-scheme) unless the user picked one with
 * the toggle in the shell; the choice is kept in localStorage. The resolved theme is written to
 * <html data-theme> (the stylesheet's variables) and read by the charts (ECharts' dark theme).
 */
import { useSyncExternalStore } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
export type Theme = 'light' | 'dark';

const KEY = 'crm-timeline.theme';
const media = () => window.matchMedia('(prefers-color-scheme: dark)');
const listeners = new Set<() => void>();
// The choice when storage is refused (an app framed by a host CRM on another site may not use it):
// it then lasts for the page's life.
let remembered: string | null = null;

function stored(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return remembered;
  }
}

function store(value: string | null) {
  remembered = value;
  try {
    if (value === null) window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, value);
  } catch {
    // refused: the in-memory copy stands in
  }
}

export function getThemeChoice(): ThemeChoice {
  const v = stored();
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function resolveTheme(choice = getThemeChoice()): Theme {
  if (choice !== 'system') return choice;
  return media().matches ? 'dark' : 'light';
}

function apply() {
  const theme = resolveTheme();
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  for (const l of listeners) l();
}

export function setThemeChoice(choice: ThemeChoice) {
  store(choice === 'system' ? null : choice);
  apply();
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** The theme in effect now; re-renders when the system setting or the user's choice changes. */
export function useTheme(): Theme {
  return useSyncExternalStore(subscribe, () => resolveTheme());
}

// Applied when the module loads (before the first paint of the shell) and whenever the system changes.
if (typeof window !== 'undefined') {
  apply();
  media().addEventListener('change', apply);
}
