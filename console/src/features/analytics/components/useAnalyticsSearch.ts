/** The analytics view state (the layout route's validated search) and a way to change part of it. */
import { getRouteApi, useRouter } from '@tanstack/react-router';
import { useCallback } from 'react';

import type { AnalyticsSearch } from '../model/search';

const route = getRouteApi('/app/analytics');

export function useAnalyticsSearch(): [AnalyticsSearch, (patch: Partial<AnalyticsSearch>) => void] {
  const search = route.useSearch();
  const router = useRouter();
  const patch = useCallback(
    (p: Partial<AnalyticsSearch>) => {
      void router.navigate({
        // the dashboard shown now (the layout's own path would redirect to the first one)
        to: router.state.location.pathname as never,
        search: ((prev: AnalyticsSearch) => {
          const next: Record<string, unknown> = { ...prev, ...p };
          for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
          return next;
        }) as never,
        replace: true,
      });
    },
    [router],
  );
  return [search, patch];
}
