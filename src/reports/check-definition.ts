/**
 * A report definition checked against the catalogue: unknown metrics, dimensions and
 * visualizations, and combinations the analytics layer cannot compute or the chart cannot draw, all
 * reported at once as 400 problems naming the offending value.
 */
import { type FieldError, invalid } from '../errors.js';
import { duplicates } from '../sharing/check-shares.js';
import {
  DIMENSIONS,
  dimensionDef,
  isDimension,
  isMetric,
  METRICS,
  metricDef,
  SHAPES,
  VISUALIZATIONS,
  type Visualization,
} from './catalogue.js';
import type { ReportDefinition } from './schema.js';

const isVisualization = (v: string): v is Visualization => (VISUALIZATIONS as readonly string[]).includes(v);
const range = ([lo, hi]: [number, number]) => (lo === hi ? `${lo}` : `${lo}–${hi}`);

function checkIds(d: ReportDefinition, path: string): FieldError[] {
  const errors: FieldError[] = [];
  d.metrics.forEach((m, i) => {
    if (!isMetric(m))
      errors.push({
        path: `${path}.metrics.${i}`,
        message: `unknown metric "${m}" (known: ${Object.keys(METRICS).join(', ')})`,
      });
  });
  d.dimensions.forEach((x, i) => {
    if (!isDimension(x))
      errors.push({
        path: `${path}.dimensions.${i}`,
        message: `unknown dimension "${x}" (known: ${Object.keys(DIMENSIONS).join(', ')})`,
      });
  });
  for (const i of duplicates(d.metrics, (m) => m))
    errors.push({ path: `${path}.metrics.${i}`, message: `metric "${d.metrics[i]}" appears more than once` });
  for (const i of duplicates(d.dimensions, (m) => m))
    errors.push({
      path: `${path}.dimensions.${i}`,
      message: `dimension "${d.dimensions[i]}" appears more than once`,
    });
  if (!isVisualization(d.visualization))
    errors.push({
      path: `${path}.visualization`,
      message: `unknown visualization "${d.visualization}" (known: ${VISUALIZATIONS.join(', ')})`,
    });
  return errors;
}

function checkCombination(d: ReportDefinition, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const dims = d.dimensions.filter(isDimension);
  if (dims.filter((x) => dimensionDef(x).bucket).length > 1)
    errors.push({
      path: `${path}.dimensions`,
      message: 'at most one time bucket (hour, day, week or month)',
    });
  d.metrics.forEach((m, i) => {
    if (!isMetric(m) || metricDef(m).source !== 'responses') return;
    for (const x of dims) {
      const def = dimensionDef(x);
      if (!def.bucket && def.responses === undefined)
        errors.push({
          path: `${path}.metrics.${i}`,
          message: `metric "${m}" cannot be broken down by dimension "${x}" (response pairs have no ${x})`,
        });
    }
  });
  if (isVisualization(d.visualization)) {
    const shape = SHAPES[d.visualization];
    const n = d.dimensions.length;
    if (n < shape.dimensions[0] || n > shape.dimensions[1])
      errors.push({
        path: `${path}.dimensions`,
        message: `visualization "${d.visualization}" needs ${range(shape.dimensions)} dimension(s), not ${n}`,
      });
    const k = d.metrics.length;
    if (k < shape.metrics[0] || k > shape.metrics[1])
      errors.push({
        path: `${path}.metrics`,
        message: `visualization "${d.visualization}" draws ${range(shape.metrics)} metric(s), not ${k}`,
      });
  }
  if (d.sort && !d.metrics.includes(d.sort.by) && !d.dimensions.includes(d.sort.by))
    errors.push({
      path: `${path}.sort.by`,
      message: `"${d.sort.by}" is not a metric or dimension of the report`,
    });
  const p = d.period;
  if (p?.from && p.to && Date.parse(p.from) >= Date.parse(p.to))
    errors.push({ path: `${path}.period.from`, message: 'must be before to' });
  if (p?.relative && (p.from || p.to))
    errors.push({ path: `${path}.period`, message: 'either relative or from/to, not both' });
  return errors;
}

/** Throws a 400 listing every problem of the definition (`path`: where it sits in the request). */
export function assertDefinition(d: ReportDefinition, path: string): void {
  const errors = [...checkIds(d, path), ...checkCombination(d, path)];
  if (errors.length > 0)
    throw invalid(
      `The report definition is not valid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}.`,
      errors,
    );
}
