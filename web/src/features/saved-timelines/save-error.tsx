import './timelines.css';

/** The API's problem detail and field errors, for a failed save. */
export function SaveError({ error }: { error: unknown }) {
  if (!error) return null;
  const body = (error as { body?: { errors?: Array<{ path: string; message: string }> } }).body;
  const status = (error as { status?: number }).status;
  return (
    <div className="tl-error" role="alert">
      {status === 412
        ? 'Someone else changed this timeline meanwhile. Close and reopen it to see their change.'
        : (error as Error).message}
      {body?.errors?.length ? (
        <ul>
          {body.errors.map((e) => (
            <li key={e.path}>
              <code>{e.path.replace(/^body\./, '')}</code> {e.message}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
