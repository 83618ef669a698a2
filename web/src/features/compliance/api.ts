/** Retention settings and erasure (compliance and admin): one hook per endpoint, keys from api/keys.ts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { ErasureResponse } from '../../../../src/audit/schema.js';
import type { RetentionPatch, RetentionResponse } from '../../../../src/retention/schema.js';
import { apiFetch } from '../../api/client.js';
import { keys } from '../../api/keys.js';

export type Retention = RetentionResponse;
export type Erasure = Static<typeof ErasureResponse>;

export function useRetentionQuery() {
  return useQuery({
    queryKey: keys.retention,
    queryFn: ({ signal }) => apiFetch<Retention>('/retention', { signal }),
  });
}

export function useSaveRetentionMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (patch: RetentionPatch) => apiFetch<Retention>('/retention', { method: 'PUT', body: patch }),
    onSuccess: (data) => {
      client.setQueryData(keys.retention, data);
      void client.invalidateQueries({ queryKey: keys.company.settings });
      void client.invalidateQueries({ queryKey: keys.audit.all });
    },
  });
}

/** POST /erasure: the customer's events lose their content, the directory entry its name. */
export function useEraseCustomerMutation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (customerId: string) =>
      apiFetch<Erasure>('/erasure', { method: 'POST', body: { customer_id: customerId } }),
    onSuccess: () => {
      // Titles, names and counts shown anywhere may have changed.
      for (const queryKey of [
        keys.events.all,
        keys.events.anyOne,
        keys.directory.all,
        keys.audit.all,
        keys.retention,
      ])
        void client.invalidateQueries({ queryKey });
    },
  });
}
