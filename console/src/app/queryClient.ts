import { QueryClient } from '@tanstack/react-query';
import { isApiError } from '@/lib/api';

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        refetchOnWindowFocus: true,
        // An error body from the API is an answer, not a flake: retry only network failures, twice.
        retry: (count, error) => count < 2 && !isApiError(error),
      },
      mutations: { retry: false },
    },
  });
}
