/**
 * The phone's bottom tab bar: the first four pages as tabs, the rest behind "More", a modal sheet
 * (components/dialog.tsx: focus kept inside, Escape closes, focus back on "More"). Eight tabs in a
 * bar of four columns wrapped into a second row that covered the page.
 */
import { useRef, useState } from 'react';
import { NavLink, useLocation } from 'react-router';
import { Dialog } from './dialog.js';
import { Icon } from './icon.js';
import type { NavItem } from './shell.js';

/** Tabs shown in the bar itself; with more pages than this + 1, the rest go into "More". */
const PRIMARY = 4;

export function TabBar({ items }: { items: readonly NavItem[] }) {
  const [open, setOpen] = useState(false);
  const more = useRef<HTMLButtonElement>(null);
  const { pathname } = useLocation();
  const split = items.length > PRIMARY + 1;
  const primary = split ? items.slice(0, PRIMARY) : items;
  const rest = split ? items.slice(PRIMARY) : [];
  // "More" reads as the current tab while one of its pages is open.
  const inMore = rest.some((n) => pathname === n.to || pathname.startsWith(`${n.to}/`));
  return (
    <nav aria-label="Main (mobile)" className="tabbar">
      {primary.map((n) => (
        <NavLink key={n.to} to={n.to} className="tab">
          <Icon name={n.icon} />
          <span>{n.label}</span>
        </NavLink>
      ))}
      {split && (
        <button
          ref={more}
          type="button"
          className={`tab tab-more${inMore ? ' active' : ''}`}
          aria-haspopup="dialog"
          aria-expanded={open}
          onClick={() => setOpen(true)}
        >
          <Icon name="more" />
          <span>More</span>
        </button>
      )}
      {open && (
        <Dialog
          title="More pages"
          className="more-sheet"
          onClose={() => setOpen(false)}
          opener={more}
          closeOnBackdrop
        >
          <ul className="more-list">
            {rest.map((n) => (
              <li key={n.to}>
                <NavLink to={n.to} className="more-link" onClick={() => setOpen(false)}>
                  <Icon name={n.icon} />
                  <span>{n.label}</span>
                </NavLink>
              </li>
            ))}
          </ul>
          <button type="button" className="btn btn-ghost more-close" onClick={() => setOpen(false)}>
            Close
          </button>
        </Dialog>
      )}
    </nav>
  );
}
