/** The shell's light/dark switch: an explicit choice kept across visits (the system's setting until then). */
import { setThemeChoice, useTheme } from './theme.js';

export function ThemeToggle() {
  const theme = useTheme();
  return (
    <button
      type="button"
      className="btn btn-ghost theme-toggle"
      aria-pressed={theme === 'dark'}
      data-testid="theme-toggle"
      onClick={() => setThemeChoice(theme === 'dark' ? 'light' : 'dark')}
    >
      <span aria-hidden="true">{theme === 'dark' ? '☀' : '☾'}</span>
      <span className="sr-only">Dark mode</span>
    </button>
  );
}
