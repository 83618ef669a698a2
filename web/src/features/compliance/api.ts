/** Retention settings and erasure (compliance and admin): one hook per endpoint, keys from api/keys.ts. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  ErasureResponse,
  PersonErasureBody,
  PersonErasureResponse,
} from '../../../../src/erasure/schema.js';
import type { RetentionPatch, RetentionResponse } from '../../../../src/retention/schema.js';
import { apiFetch } from '../../api/client.js';
import { keys } from '../../api/keys.js';

export type Retention = RetentionResponse;
export type Erasure = Static<typeof ErasureResponse>;
export type PersonErasure = PersonErasureResponse;

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

/** After an erasure, titles, names and counts shown anywhere may have changed. */
function useRefetchAfterErasure() {
  const client = useQueryClient();
  return () => {
    for (const queryKey of [
      keys.events.all,
      keys.events.anyOne,
      keys.directory.all,
      keys.audit.all,
      keys.retention,
    ])
      void client.invalidateQueries({ queryKey });
  };
}

/** POST /erasure: the customer's events lose their content, the directory entry its name. */
export function useEraseCustomerMutation() {
  const onSuccess = useRefetchAfterErasure();
  return useMutation({
    mutationFn: (customerId: string) =>
      apiFetch<Erasure>('/erasure', { method: 'POST', body: { customer_id: customerId } }),
    onSuccess,
  });
}

/** POST /erasure/person: every event concerning the person, at any customer, loses its content. */
export function useErasePersonMutation() {
  const onSuccess = useRefetchAfterErasure();
  return useMutation({
    mutationFn: (person: PersonErasureBody) =>
      apiFetch<PersonErasure>('/erasure/person', { method: 'POST', body: person }),
    onSuccess,
  });
}
