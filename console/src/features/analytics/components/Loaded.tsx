/** A dashboard's answer: a loader on the first load, the error with a retry, else the figures (a refetch after a
 * filter change keeps the previous figures on screen, marked busy, until the new ones arrive). */
import { Alert, Button, Loader, Stack } from '@mantine/core';
import type { ReactNode } from 'react';

import { errorMessage } from '@/lib/api';
import { t } from '@/lib/i18n';

type Query<T> = { data?: T; error: unknown; isPending: boolean; isFetching: boolean; refetch: () => unknown };

export function Loaded<T>({ query, children }: { query: Query<T>; children: (data: T) => ReactNode }) {
  if (query.error && !query.data)
    return (
      <Alert color="red" title={t('analytics.loadFailed')}>
        <Stack gap="xs" align="flex-start">
          {errorMessage(query.error)}
          <Button size="xs" variant="light" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </Button>
        </Stack>
      </Alert>
    );
  if (query.data === undefined) return <Loader aria-label={t('common.loading')} />;
  return (
    <Stack gap="sm" aria-busy={query.isFetching} data-busy={query.isFetching || undefined}>
      {children(query.data)}
    </Stack>
  );
}
