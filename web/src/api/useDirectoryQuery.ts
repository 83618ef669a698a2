import { queryOptions, useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.js';
import { keys } from './keys.js';
import type { Customer, Team, User } from './types.js';

const STALE = 5 * 60_000;

export function useUsersQuery() {
  return useQuery({
    queryKey: keys.directory.users,
    staleTime: STALE,
    queryFn: () => apiFetch<{ items: User[] }>('/directory/users', { query: { limit: 1000 } }),
  });
}

export const teamsQueryOptions = () =>
  queryOptions({
    queryKey: keys.directory.teams,
    staleTime: STALE,
    queryFn: () => apiFetch<{ items: Team[] }>('/directory/teams', { query: { limit: 1000 } }),
  });

export function useTeamsQuery() {
  return useQuery(teamsQueryOptions());
}

export function useCustomersQuery(q?: string) {
  return useQuery({
    queryKey: keys.directory.customers(q ?? ''),
    staleTime: STALE,
    queryFn: () => apiFetch<{ items: Customer[] }>('/directory/customers', { query: { q, limit: 1000 } }),
  });
}

/** One customer by id (an empty list when it is unknown or not the company's); idle without an id. */
export function useCustomerQuery(id: string | undefined) {
  return useQuery({ ...customerQueryOptions(id ?? ''), enabled: !!id });
}

export const customerQueryOptions = (id: string) =>
  queryOptions({
    queryKey: keys.directory.customer(id),
    staleTime: STALE,
    queryFn: () => apiFetch<{ items: Customer[] }>('/directory/customers', { query: { id } }),
  });

export function useSegmentsQuery() {
  return useQuery({
    queryKey: keys.directory.segments,
    staleTime: STALE,
    queryFn: () => apiFetch<{ items: string[] }>('/directory/segments'),
  });
}
