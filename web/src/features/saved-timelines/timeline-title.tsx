/**
 * An open saved timeline's heading, renamed in place by those who may edit it: Rename turns the
 * name into a field, Enter saves, Escape cancels; a failed save keeps the field open with the reason.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useUpdateTimeline } from './api.js';
import { SaveError } from './save-error.js';
import type { Timeline } from './types.js';

export function TimelineTitle({ timeline }: { timeline: Timeline }) {
  const [draft, setDraft] = useState<string | null>(null);
  const [blank, setBlank] = useState(false);
  const update = useUpdateTimeline();
  const renameRef = useRef<HTMLButtonElement>(null);
  const hintId = useId();
  // Focus goes back to Rename once the field is gone (saved or cancelled), not to <body>.
  const returnFocus = useRef(false);
  useEffect(() => {
    if (draft === null && returnFocus.current) {
      returnFocus.current = false;
      renameRef.current?.focus();
    }
  }, [draft]);

  const close = () => {
    returnFocus.current = true;
    setDraft(null);
    setBlank(false);
    update.reset();
  };
  const save = (e: FormEvent) => {
    e.preventDefault();
    const name = (draft ?? '').trim();
    if (!name) return setBlank(true);
    if (name === timeline.timeline_name) return close();
    update.mutate({ timeline, patch: { timeline_name: name } }, { onSuccess: close });
  };

  if (draft === null)
    return (
      <div className="tl-title">
        <h1>{timeline.timeline_name}</h1>
        {timeline.permissions.edit && (
          <button
            ref={renameRef}
            type="button"
            className="btn btn-ghost"
            onClick={() => setDraft(timeline.timeline_name)}
          >
            Rename
          </button>
        )}
      </div>
    );
  return (
    <form className="tl-title tl-rename" onSubmit={save}>
      <h1 className="sr-only">{timeline.timeline_name}</h1>
      <input
        className="input"
        aria-label="Timeline name"
        aria-describedby={hintId}
        aria-invalid={blank || !!update.error}
        maxLength={200}
        value={draft}
        disabled={update.isPending}
        // biome-ignore lint/a11y/noAutofocus: the field replaces the Rename button the user just pressed
        autoFocus
        onChange={(e) => {
          setDraft(e.target.value);
          setBlank(false);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') {
            // Escape here cancels the rename only (the page's own Escape handlers stay out of it).
            e.preventDefault();
            e.stopPropagation();
            close();
          }
        }}
      />
      <span id={hintId} className="muted">
        Enter saves · Esc cancels
      </span>
      {blank && (
        <div className="tl-error" role="alert">
          The name cannot be blank.
        </div>
      )}
      <SaveError error={update.error} />
    </form>
  );
}
