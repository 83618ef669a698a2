/**
 * One search for the whole app (⌘K / Ctrl-K, or the Search button, which phones show too): customers
 * and people from the directory, and activity titles, each found on the server as one types.
 * Picking a customer or person opens their timeline; picking an activity opens it in the drawer.
 */
import { useQuery } from '@tanstack/react-query';
import { Command } from 'cmdk';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { apiFetch } from '../../api/client.js';
import { keys } from '../../api/keys.js';
import type { Event, Page } from '../../api/types.js';
import { useDirectorySearchQuery } from '../../api/useDirectorySearchQuery.js';
import { Icon } from '../../components/icon.js';
import { typeMeta } from '../../components/type-badge.js';
import { useDisplayZone } from './display-zone.js';

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

export function CommandPalette() {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key.toLowerCase() === 'k' && (e.metaKey || e.ctrlKey)) {
        e.preventDefault();
        setOpen((o) => !o);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return (
    <>
      <button
        type="button"
        className="btn palette-open"
        onClick={() => setOpen(true)}
        aria-keyshortcuts={isMac ? 'Meta+K' : 'Control+K'}
      >
        <Icon name="search" />
        <span>Search</span>
        <kbd className="palette-kbd">{isMac ? '⌘K' : 'Ctrl K'}</kbd>
      </button>
      <Command.Dialog
        open={open}
        onOpenChange={setOpen}
        label="Search customers, people and activities"
        shouldFilter={false}
        overlayClassName="palette-overlay"
        contentClassName="palette"
      >
        {open && <PaletteBody onDone={() => setOpen(false)} />}
      </Command.Dialog>
    </>
  );
}

function PaletteBody({ onDone }: { onDone: () => void }) {
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const t = setTimeout(() => setQ(text.trim()), 200);
    return () => clearTimeout(t);
  }, [text]);
  const navigate = useNavigate();
  const z = useDisplayZone();
  const directory = useDirectorySearchQuery(q, ['customer', 'user'], 5);
  const activities = useQuery({
    queryKey: keys.events.palette(q),
    enabled: q.length > 0,
    staleTime: 30_000,
    queryFn: ({ signal }) => apiFetch<Page<Event>>('/events', { query: { q, limit: 5 }, signal }),
  });
  const hits = q ? (directory.data?.items ?? []) : [];
  const customers = hits.filter((h) => h.kind === 'customer');
  const people = hits.filter((h) => h.kind === 'user');
  const events = q ? (activities.data?.items ?? []) : [];
  const go = (to: string) => {
    onDone();
    void navigate(to);
  };
  const busy = directory.isFetching || activities.isFetching;
  return (
    <>
      <Command.Input
        value={text}
        onValueChange={setText}
        placeholder="Search customers, people, activities…"
      />
      <Command.List>
        {q && !busy && !customers.length && !people.length && !events.length && (
          <Command.Empty>Nothing matches “{q}”.</Command.Empty>
        )}
        {!q && (
          <p className="palette-hint muted">Type a customer, a person or words from an activity title.</p>
        )}
        {customers.length > 0 && (
          <Command.Group heading="Customers">
            {customers.map((c) => (
              <Command.Item
                key={c.id}
                value={`customer:${c.id}`}
                onSelect={() => go(`/timeline?customer_id=${c.id}`)}
              >
                {c.name}
                {c.detail && <small className="muted"> · {c.detail}</small>}
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {people.length > 0 && (
          <Command.Group heading="People">
            {people.map((u) => (
              <Command.Item
                key={u.id}
                value={`user:${u.id}`}
                onSelect={() => go(`/timeline?user_id=${u.id}`)}
              >
                {u.name}
                {u.detail && <small className="muted"> · {u.detail}</small>}
              </Command.Item>
            ))}
          </Command.Group>
        )}
        {events.length > 0 && (
          <Command.Group heading="Activities">
            {events.map((e) => (
              <Command.Item
                key={e.id}
                value={`event:${e.id}`}
                onSelect={() => go(`/timeline?${new URLSearchParams({ q, event: e.id, range: 'all' })}`)}
              >
                {e.event_title}
                <small className="muted">
                  {' '}
                  · {typeMeta(e.event_type).label} · {e.customer_name ?? 'Unknown customer'} ·{' '}
                  {z.date.format(Date.parse(e.event_timestamp))}
                </small>
              </Command.Item>
            ))}
          </Command.Group>
        )}
      </Command.List>
    </>
  );
}
