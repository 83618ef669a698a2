/** /compliance: retention settings and erasure, for compliance officers and admins (the server refuses others). */
import { getClaims } from '../api/session.js';
import { COMPLIANCE_ROLES } from '../components/shell.js';
import { EmptyState } from '../components/states.js';
import { ErasurePanel } from '../features/compliance/erasure-panel.js';
import { PersonErasurePanel } from '../features/compliance/person-erasure-panel.js';
import { RetentionSettings } from '../features/compliance/retention-settings.js';
import '../features/compliance/compliance.css';

export function CompliancePage() {
  const role = getClaims()?.role ?? '';
  return (
    <main id="main" className="page">
      <div className="page-head">
        <h1>Retention and erasure</h1>
      </div>
      {COMPLIANCE_ROLES.includes(role) ? (
        <div className="compliance-grid">
          <RetentionSettings />
          <ErasurePanel />
          <PersonErasurePanel />
        </div>
      ) : (
        <EmptyState
          title="Not available for your role"
          why="Retention settings and erasure are for compliance officers and administrators."
        />
      )}
    </main>
  );
}
