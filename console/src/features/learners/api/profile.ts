/** The profile's queries, keyed as openapi-react-query keys them, so live events can invalidate them. */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { $api } from '@/lib/api';
import { useChannels, usePollWhileDown } from '@/lib/events';

export function useProfile(id: number) {
  const refetchInterval = usePollWhileDown();
  return $api.useQuery('get', '/api/users/profiles/{user_id}/', { params: { path: { user_id: id } } }, { refetchInterval });
}

/** Everything about one learner on screen refreshes when their channel says something changed. */
export function useLearnerLive(id: number): void {
  const queryClient = useQueryClient();
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries({
      predicate: (q) => {
        const [, path, init] = q.queryKey as [string, string, { params?: { path?: { user_id?: number }; query?: { user?: number; user_id?: number; target?: number } } }?];
        if (typeof path !== 'string') return false;
        const params = init?.params;
        return (
          params?.path?.user_id === id ||
          params?.query?.user === id ||
          params?.query?.user_id === id ||
          params?.query?.target === id
        );
      },
    });
  }, [queryClient, id]);
  useChannels([`user-${id}`], refresh);
}
