/** Sign-in: demo persona cards, or an explanation of the host-CRM token hand-off. */
import { useEffect, useState, useSyncExternalStore } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { ApiError, apiFetch } from '../api/client.js';
import { getToken, onTokenChange, type Persona, setToken, takeSignOutReason } from '../api/session.js';
import { usePersonasQuery } from '../api/usePersonasQuery.js';
import { ErrorState, Spinner } from '../components/states.js';
import { PersonaGroups } from '../features/sign-in/persona-groups.js';

export function SignInPage() {
  const personas = usePersonasQuery();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [reason] = useState(takeSignOutReason);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const next = params.get('next') ?? '/timeline';
  const target = next.startsWith('/sign-in') ? '/timeline' : next;
  // A token handed over by the host CRM (postMessage) while this page shows: go where the user was going.
  const token = useSyncExternalStore(onTokenChange, getToken);
  useEffect(() => {
    if (token) void navigate(target, { replace: true });
  }, [token, target, navigate]);

  async function signIn(p: Persona) {
    setBusy(p.user_id);
    setError(null);
    try {
      const s = await apiFetch<{ token: string; persona: Persona }>('/demo/session', {
        method: 'POST',
        body: { user_id: p.user_id },
      });
      setToken(s.token, s.persona); // the effect above navigates
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  }

  const demoOff = personas.error instanceof ApiError && personas.error.status === 404;
  // Integration accounts are machines, not people to sign in as.
  const people = personas.data?.items.filter((p) => p.role !== 'integration') ?? [];
  return (
    <main id="main" className="signin">
      <h1>Activity Timeline</h1>
      {reason === 'expired' && (
        <p className="notice notice-warn" role="alert">
          Your session has expired or its token was not accepted. Please sign in again.
        </p>
      )}
      {personas.isPending && <Spinner label="Loading demo personas" />}
      {demoOff && (
        <section className="notice" aria-labelledby="no-token">
          <h2 id="no-token">No sign-in token</h2>
          <p>
            This app is opened from your CRM, which hands over a sign-in token. No token was received, so
            nothing can be shown. Open the timeline again from the CRM, or append <code>?token=…</code> to the
            address.
          </p>
        </section>
      )}
      {personas.error && !demoOff && <ErrorState error={personas.error} onRetry={() => personas.refetch()} />}
      {people.length > 0 && (
        <>
          <p className="lead">Demo mode: choose a persona to sign in as. Each sees what their role allows.</p>
          {error ? <ErrorState error={error} /> : null}
          <PersonaGroups people={people} busy={busy} onPick={(p) => void signIn(p)} />
        </>
      )}
    </main>
  );
}
