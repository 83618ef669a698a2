/** Sends a dashboard bundle as the file its `format` asks for (json stays the route's own answer). */
import type { FastifyReply } from 'fastify';
import type { ExecutiveDashboard, MeDashboard, TeamDashboard } from '../dashboards/schema.js';
import { dashboardDocument } from './dashboard-document.js';
import { exportFileName, renderDocument } from './render.js';
import { attachment } from './routes.js';

export async function sendDashboardFile(
  reply: FastifyReply,
  bundle: ExecutiveDashboard | TeamDashboard | MeDashboard,
  format: 'pdf' | 'xlsx',
) {
  const generatedAt = new Date();
  attachment(reply, format, exportFileName(`${bundle.kind}-dashboard`, format, generatedAt));
  return reply.send(renderDocument(format, dashboardDocument(bundle, generatedAt)));
}
