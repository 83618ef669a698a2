import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { useChosenZone } from '../timeline-view/display-zone.js';
import { type Filters, readFilters, toApiFilters, toListQuery, writeFilters } from './url-filters.js';

/** The timeline filters from the URL, the API query they mean, and a setter that writes the URL. */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: key is the serialised params
  const filters = useMemo(() => readFilters(params), [key]);
  // Presets resolve in the page's display zone: "Today" is the day the rows are grouped by.
  const zone = useChosenZone();
  const api = useMemo(() => toApiFilters(filters, new Date(), zone), [filters, zone]);
  /** The events list's query: `api` plus the unanswered queue's parameter. */
  const list = useMemo(() => toListQuery(filters, new Date(), zone), [filters, zone]);
  const setFilters = useCallback(
    (next: Filters, options: { replace?: boolean } = {}) =>
      setParams((prev) => writeFilters(prev, next), { replace: options.replace }),
    [setParams],
  );
  return { filters, api, list, zone, setFilters, params, setParams };
}
