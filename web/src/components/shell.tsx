/** The app frame: skip link, header with navigation and the signed-in persona, bottom tabs on mobile. */
import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { clearToken, getClaims, getPersona } from '../api/session.js';
import { useUsersQuery } from '../api/useDirectoryQuery.js';
import { Icon } from './icon.js';
import { TabBar } from './tab-bar.js';
import { ThemeToggle } from './theme-toggle.js';

const ALL_NAV = [
  { to: '/timeline', label: 'Timeline', icon: 'timeline' },
  { to: '/dashboards/executive', label: 'Executive', icon: 'chart' },
  { to: '/dashboards/team', label: 'Team', icon: 'team' },
  { to: '/me', label: 'My activity', icon: 'user' },
  { to: '/reports', label: 'Reports', icon: 'chart' },
  { to: '/audit', label: 'Audit', icon: 'shield' },
  { to: '/compliance', label: 'Retention', icon: 'clock' },
  { to: '/schedules', label: 'Schedules', icon: 'clock' },
  { to: '/settings', label: 'Settings', icon: 'settings' },
] as const;

export type NavItem = (typeof ALL_NAV)[number];

/**
 * Roles that read the audit trail, manage retention and erase (the server's rules in
 * src/auth/policies.ts: audit:read, retention:manage, customers:erase).
 */
export const COMPLIANCE_ROLES = ['compliance', 'admin'];
const COMPLIANCE_PAGES: readonly string[] = ['/audit', '/compliance'];

/** Roles that see individual figures only: team dashboards are for leads and company-wide roles. */
export const INDIVIDUAL_ROLES = ['rep', 'agent'];

/** Roles that change company settings (the server's company:write); others may read /settings. */
export const SETTINGS_EDITORS = ['admin'];

export function Shell({ children }: { children: ReactNode }) {
  const persona = getPersona();
  const claims = getClaims();
  const role = claims?.role ?? '';
  const NAV = ALL_NAV.filter(
    (n) =>
      (n.to !== '/dashboards/team' || !INDIVIDUAL_ROLES.includes(role)) &&
      (!COMPLIANCE_PAGES.includes(n.to) || COMPLIANCE_ROLES.includes(role)) &&
      (n.to !== '/settings' || SETTINGS_EDITORS.includes(role)),
  );
  // A token handed over by a host CRM carries no display name: look the user up in the directory.
  const users = useUsersQuery();
  const name = persona?.name ?? users.data?.items.find((u) => u.id === claims?.sub)?.name;
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <a href="/timeline" className="brand" aria-label="Activity Timeline">
          <span className="brand-dot" aria-hidden="true" />{' '}
          <span className="brand-name">Activity Timeline</span>
        </a>
        <nav aria-label="Main" className="topnav">
          {NAV.map((n) => (
            <NavLink key={n.to} to={n.to} className="navlink" title={n.label}>
              <Icon name={n.icon} />
              <span className="navlink-label">{n.label}</span>
            </NavLink>
          ))}
        </nav>
        <div className="whoami">
          <span className="whoami-name">
            {name ?? 'Signed in'}
            <small>
              {persona
                ? `${persona.role}${persona.team_name ? ` · ${persona.team_name}` : ''}`
                : claims?.role}
            </small>
          </span>
          <ThemeToggle />
          <button type="button" className="btn btn-ghost" onClick={() => clearToken()}>
            Sign out
          </button>
        </div>
      </header>
      {children}
      <TabBar items={NAV} />
    </div>
  );
}
