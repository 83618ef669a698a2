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

export function getThemeChoice(): ThemeChoice {
  const v = localStorage.getItem(KEY);
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
  if (choice === 'system') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, choice);
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
