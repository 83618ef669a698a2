import { useQuery } from '@tanstack/react-query';
import { apiFetch } from './client.js';
import { keys } from './keys.js';
import type { Persona } from './session.js';

/** Demo personas; a 404 means demo mode is off (the sign-in page then asks for a token). */
export function usePersonasQuery() {
  return useQuery({
    queryKey: keys.demo.personas,
    retry: false,
    queryFn: () => apiFetch<{ items: Persona[] }>('/demo/personas'),
  });
}
