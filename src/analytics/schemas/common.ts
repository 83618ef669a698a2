/** Schema pieces shared by the analytics responses (part A and part B). */
import { type TSchema, Type } from 'typebox';

export const problem = { $ref: 'Problem#' };
export const errorResponses = { 400: problem, 401: problem, 403: problem };

/** A figure's change against the previous period of equal length (null when not compared). */
export const Change = Type.Union(
  [
    Type.Object({
      previous: Type.Number({ description: 'Value in the previous period.' }),
      absolute: Type.Number({ description: 'current − previous, in the figure’s unit.' }),
      relative: Type.Union([Type.Number(), Type.Null()], {
        description: '(current − previous) ÷ previous as a fraction (0.25 = +25 %); null when previous is 0.',
      }),
    }),
    Type.Null(),
  ],
  { description: 'Change against the previous period; null unless compare=previous.' },
);

export const Counts = (description: string) => Type.Record(Type.String(), Type.Number(), { description });

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Where the figures were computed from: a rollup (plus raw events for partial edge days), or raw events. */
export const AnsweredFrom = Type.Enum(['replica'], {
  description: 'replica: the columnar analytics replica (every event, exact); see `freshness`.',
});

export const Restricted = Type.Boolean({
  description:
    'True when breakdown rows of users or teams you may not see were left out (totals still count them).',
});
