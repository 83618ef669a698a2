/** PDF and Excel of a dashboard page, for the same query the page shows. */
import type { DashboardQuery } from '../../../../src/dashboards/schema.js';
import { ExportMenu } from './export-menu.js';

/** `path`: executive, team/<id> or me, as GET /dashboards/<path>. */
export function DashboardExport({ path, query }: { path: string; query: DashboardQuery }) {
  const at = `/dashboards/${path}`;
  return (
    <ExportMenu
      choices={[
        { label: 'PDF', path: at, query: { ...query, format: 'pdf' } },
        { label: 'Excel', path: at, query: { ...query, format: 'xlsx' } },
      ]}
    />
  );
}
