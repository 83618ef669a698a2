/** The dashboards' period as the URL names it (?range=, a preset of url-filters.ts; 30 days when absent). */
import { toApiFilters } from '../filters/url-filters.js';

export const DEFAULT_RANGE = '30d';

/** Where the period starts: a local midnight, so the same all day (the page and an early prefetch ask one key). */
export const periodFrom = (range: string) => toApiFilters({ range }).from;
