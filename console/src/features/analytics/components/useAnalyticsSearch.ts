/** The analytics view state (the layout route's validated search) and a way to change part of it. */
import { getRouteApi } from '@tanstack/react-router';
import { useCallback } from 'react';

import type { AnalyticsSearch } from '../model/search';

const route = getRouteApi('/app/analytics');

export function useAnalyticsSearch(): [AnalyticsSearch, (patch: Partial<AnalyticsSearch>) => void] {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const patch = useCallback(
    (p: Partial<AnalyticsSearch>) => {
      void navigate({
        to: '.',
        search: (prev: AnalyticsSearch) => {
          const next: Record<string, unknown> = { ...prev, ...p };
          for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
          return next as AnalyticsSearch;
        },
        replace: true,
      });
    },
    [navigate],
  );
  return [search, patch];
}
