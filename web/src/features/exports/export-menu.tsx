/**
 * "Export" as a native disclosure (<details>): keyboard and screen readers get it for free. Each
 * choice downloads the file with the app's auth; errors are announced in a status line.
 */
import { useState } from 'react';
import { ApiError, apiDownload, type Query } from '../../api/client.js';

export interface ExportChoice {
  label: string;
  path: string;
  query: Query;
}

export function ExportMenu({ choices, label = 'Export' }: { choices: ExportChoice[]; label?: string }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async (c: ExportChoice) => {
    setBusy(c.label);
    setError(null);
    try {
      await apiDownload(c.path, c.query);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : 'The export failed.');
    } finally {
      setBusy(null);
    }
  };
  return (
    <details className="export-menu">
      <summary className="btn">{busy ? `Exporting ${busy}…` : label}</summary>
      <div className="export-menu-items">
        {choices.map((c) => (
          <button
            key={c.label}
            type="button"
            className="btn btn-ghost"
            disabled={busy !== null}
            onClick={() => void run(c)}
          >
            {c.label}
          </button>
        ))}
      </div>
      <p role="status" className="muted">
        {error ?? ''}
      </p>
    </details>
  );
}
