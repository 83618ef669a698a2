/**
 * List filters accept both `type=call,email` and `type=call&type=email`. Before validation, every
 * comma-separated query value is split, so schemas see plain arrays of single values.
 */
import type { FastifyInstance } from 'fastify';

/** Query parameters whose values are lists. Text search (`q`) and single values are left alone. */
export const LIST_PARAMS = new Set([
  'type',
  'source',
  'priority',
  'status',
  'sentiment',
  'direction',
  'customer_id',
  'contact_id',
  'user_id',
  'team_id',
  'segment',
  'weekday',
  'hour',
  'columns', // GET /events/export
  'kind', // GET /directory/search
  'id', // GET /directory/{users,teams,customers}
]);

export function registerListSplitting(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const query = request.query as Record<string, unknown> | undefined;
    if (!query || typeof query !== 'object') return;
    for (const key of Object.keys(query)) {
      if (!LIST_PARAMS.has(key)) continue;
      const value = query[key];
      const values = Array.isArray(value) ? value : [value];
      query[key] = values
        .flatMap((v) => String(v).split(','))
        .map((v) => v.trim())
        .filter((v) => v !== '');
    }
  });
}
