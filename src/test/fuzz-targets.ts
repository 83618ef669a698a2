/**
 * What the route fuzzers aim at: one company with a rep, an admin and an integration, and the
 * objects their paths name (a team, a customer, an event, a timeline, an export job), so generated requests can
 * reach real rows as well as missing ones.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import { newCompany } from './app.js';
import { listOperations, type Operation } from './hostile-requests.js';

export function fuzzTargets() {
  const company = newCompany();
  const users = { rep: randomUUID(), admin: randomUUID(), integration: randomUUID() };
  const auth: Record<string, Record<string, string>> = {};
  const ids = {
    event: '',
    timeline: '',
    exportJob: '',
    report: '',
    schedule: '',
    team: randomUUID(),
    customer: randomUUID(),
  };
  return { company, users, auth, ids };
}
export type FuzzTargets = ReturnType<typeof fuzzTargets>;

/** Signs the three roles' tokens and stores the team, rep, customer, an event, a timeline, an export job, a report and its schedule. */
export async function seedFuzzTargets(app: FastifyInstance, t: FuzzTargets, event: object) {
  for (const role of ['rep', 'admin', 'integration'] as const) {
    t.auth[role] = await t.company.auth(role, { userId: t.users[role] });
  }
  const send = async (method: 'POST' | 'PUT', url: string, role: string, payload: object) => {
    const res = await app.inject({ method, url, headers: t.auth[role], payload });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json() as { id: string };
  };
  await send('PUT', `/api/v1/directory/teams/${t.ids.team}`, 'admin', { name: 'Fuzz team' });
  await send('PUT', `/api/v1/directory/users/${t.users.rep}`, 'admin', {
    name: 'Fuzz rep',
    role: 'rep',
    team_id: t.ids.team,
  });
  await send('PUT', `/api/v1/directory/customers/${t.ids.customer}`, 'admin', { name: 'Fuzz customer' });
  t.ids.event = (await send('POST', '/api/v1/events', 'integration', event)).id;
  const timeline = { timeline_name: 'Fuzz', timeline_type: 'personal' };
  t.ids.timeline = (await send('POST', '/api/v1/timelines', 'rep', timeline)).id;
  // The admin's finished export job, so /exports/{id} and its download reach a real file.
  t.ids.exportJob = (await send('POST', '/api/v1/exports', 'admin', { kind: 'events', format: 'csv' })).id;
  // The admin's saved report and a schedule delivering it, so /reports/{id} and /report-schedules/{id} reach rows.
  const definition = { metrics: ['activities'], dimensions: ['type'], visualization: 'table' };
  t.ids.report = (await send('POST', '/api/v1/reports', 'admin', { report_name: 'Fuzz', definition })).id;
  t.ids.schedule = (
    await send('POST', '/api/v1/report-schedules', 'admin', {
      name: 'Fuzz',
      target: { kind: 'report', report_id: t.ids.report },
      cron: '0 8 * * 1',
      timezone: 'UTC',
      format: 'json',
      recipients: [{ email: 'fuzz@example.com' }],
      paused: true,
    })
  ).id;
  for (let i = 0; i < 200; i++) {
    const job = await app.inject({ url: `/api/v1/exports/${t.ids.exportJob}`, headers: t.auth.admin });
    if (job.json().status !== 'queued' && job.json().status !== 'running') break;
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** The documented operations, with the batch body (an array of anything) fuzzed as events too. */
export function fuzzOperations(app: FastifyInstance): Operation[] {
  const operations = listOperations(app);
  const single = operations.find((o) => o.method === 'POST' && o.path === '/api/v1/events')?.body;
  const batch = operations.find((o) => o.path === '/api/v1/events/batch');
  if (batch?.body && single) batch.body = { ...batch.body, items: single };
  return operations;
}
