/**
 * The schema stays Citus-ready as migrations are added: every table is placed (distributed by
 * company_id, or listed explicitly), unique keys contain the distribution column, foreign keys stay
 * within a tenant, and docs/scaling.md gives the create_distributed_table call for each table.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEngines } from '../test/engines.js';
import { checkCitusReadiness } from './citus-plan.js';

const SCALING_DOC = readFileSync(new URL('../../docs/scaling.md', import.meta.url), 'utf8');

describeEngines('Citus readiness of the schema', (t) => {
  it('has no unique key without the distribution column and no cross-tenant foreign key', async () => {
    const plan = await checkCitusReadiness(t.db);
    expect(plan.problems).toEqual([]);
    expect(plan.placements.get('crm_activity_events')).toEqual({ kind: 'distributed', column: 'company_id' });
    expect(plan.placements.get('companies')).toEqual({ kind: 'distributed', column: 'id' });
    expect(plan.placements.get('schema_migrations')).toEqual({ kind: 'local' });
  });

  it('docs/scaling.md places every table exactly as the plan does', async () => {
    const plan = await checkCitusReadiness(t.db);
    const missing: string[] = [];
    for (const [table, p] of plan.placements) {
      const call =
        p.kind === 'distributed'
          ? `create_distributed_table('${table}', '${p.column}'`
          : p.kind === 'reference'
            ? `create_reference_table('${table}')`
            : `${table}`;
      if (!SCALING_DOC.includes(call)) missing.push(`${table}: ${call}`);
    }
    expect(missing).toEqual([]);
  });

  it('detects keys and foreign keys that would break distribution', async () => {
    const schema = `citus_probe_${randomBytes(4).toString('hex')}`;
    const q = (text: string) => sql.raw(text.replaceAll('S.', `${schema}.`)).execute(t.db.kysely);
    await q(`create schema ${schema}`);
    try {
      await q(`create table S.companies (id uuid primary key)`);
      await q(`create table S.good (company_id uuid, id uuid, email text, primary key (company_id, id))`);
      await q(`create unique index good_email on S.good (company_id, email)`);
      await q(`create table S.bad_pk (company_id uuid, id uuid primary key)`);
      await q(`create table S.bad_unique (company_id uuid, code text unique)`);
      await q(`create table S.untenanted (id uuid primary key)`);
      await q(`create table S.child (company_id uuid, id uuid, good_id uuid,
        foreign key (company_id, good_id) references S.good (company_id, id),
        constraint crossing foreign key (good_id) references S.bad_pk (id))`);
      const plan = await checkCitusReadiness(t.db, schema);
      expect(plan.problems.sort()).toEqual(
        [
          'foreign key crossing from child to bad_pk does not join company_id = company_id: it could cross tenants',
          'table untenanted has no company_id column: add one, or list it in src/ops/citus-plan.ts as a reference table with a reason',
          'unique index bad_pk_pkey on bad_pk (id) lacks the distribution column company_id',
          'unique index bad_unique_code_key on bad_unique (code) lacks the distribution column company_id',
        ].sort(),
      );
    } finally {
      await q(`drop schema ${schema} cascade`);
    }
  });
});
