/** /analytics: the dashboards' tabs and the filters they share (range, comparison, segment, course, chart or
 * table), all in the URL; the chosen dashboard below. */
import '@/app/screenStyles';
import { Button, Group, SegmentedControl, Stack, Title } from '@mantine/core';
import { Link, Outlet, useLocation, useNavigate } from '@tanstack/react-router';
import { useMemo } from 'react';

import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { useCan } from '@/lib/auth';
import { t } from '@/lib/i18n';

import { sharedFilters } from '../model/search';
import { ANALYTICS_SCREENS, type AnalyticsScreen } from '../routes';
import { Filters } from './Filters';
import { useAnalyticsSearch } from './useAnalyticsSearch';

export function AnalyticsLayout() {
  const [search, patch] = useAnalyticsSearch();
  const navigate = useNavigate();
  const can = useCan();
  const path = useLocation({ select: (l) => l.pathname });
  const current = ANALYTICS_SCREENS.find((s) => path.endsWith(`/analytics/${s}`)) ?? 'engagement';
  const screens = ANALYTICS_SCREENS.filter(
    (s) => (s !== 'at-risk' || can('analytics.risk')) && (s !== 'support' || can('support.analytics')),
  );
  const go = (screen: AnalyticsScreen) =>
    void navigate({ to: `/analytics/${screen}`, search: sharedFilters(search) } as never);
  const table = search.view === 'table';

  const actions = useMemo<PaletteAction[]>(
    () => [
      ...screens.map((s) => ({ id: `analytics.${s}`, label: t(`analytics.go.${s}`), run: () => go(s) })),
      {
        id: 'analytics.view',
        label: t(table ? 'analytics.action.charts' : 'analytics.action.tables'),
        run: () => patch({ view: table ? undefined : 'table' }),
      },
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [screens.join(), table, search],
  );
  useRegisterActions(actions);

  return (
    <Stack p={{ base: 'xs', sm: 'md' }} gap="sm" maw="100%" style={{ overflowX: 'hidden' }}>
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={1} size="h3">
          {t('analytics.title')}
        </Title>
        <SegmentedControl
          aria-label={t('analytics.view')}
          size="xs"
          value={table ? 'table' : 'chart'}
          onChange={(v) => patch({ view: v === 'table' ? 'table' : undefined })}
          data={[
            { value: 'chart', label: t('analytics.view.chart') },
            { value: 'table', label: t('analytics.view.table') },
          ]}
        />
      </Group>
      <nav aria-label={t('analytics.screens')}>
        <Group gap={4} wrap="wrap">
          {screens.map((s) => (
            <Button
              key={s}
              component={Link}
              {...({ to: `/analytics/${s}`, search: sharedFilters(search) } as object)}
              size="compact-sm"
              variant={s === current ? 'filled' : 'subtle'}
              aria-current={s === current ? 'page' : undefined}
            >
              {t(`analytics.tab.${s}`)}
            </Button>
          ))}
        </Group>
      </nav>
      <Filters screen={current} search={search} patch={patch} />
      <Outlet />
    </Stack>
  );
}
