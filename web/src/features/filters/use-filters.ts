import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { type Filters, readFilters, toApiFilters, writeFilters } from './url-filters.js';

/** The timeline filters from the URL, the API query they mean, and a setter that writes the URL. */
export function useUrlFilters() {
  const [params, setParams] = useSearchParams();
  const key = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: key is the serialised params
  const filters = useMemo(() => readFilters(params), [key]);
  const api = useMemo(() => toApiFilters(filters), [filters]);
  const setFilters = useCallback(
    (next: Filters, options: { replace?: boolean } = {}) =>
      setParams((prev) => writeFilters(prev, next), { replace: options.replace }),
    [setParams],
  );
  return { filters, api, setFilters, params, setParams };
}
