/** /settings: company settings the web app edits (admins; other roles read them). */
import { getClaims } from '../api/session.js';
import { SETTINGS_EDITORS } from '../components/shell.js';
import { ResponseTarget } from '../features/company-settings/response-target.js';
import '../features/company-settings/settings.css';

export function SettingsPage() {
  const canEdit = SETTINGS_EDITORS.includes(getClaims()?.role ?? '');
  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>Company settings</h1>
      </div>
      <div className="settings-grid">
        <ResponseTarget canEdit={canEdit} />
      </div>
    </main>
  );
}
