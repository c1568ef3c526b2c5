/** /impersonation: request a session, answer requests (approvers), end active ones, read the history with every
 * request made under each session, and the statistics. The tab is in the URL. */
import '@/app/screenStyles';
import { Stack, Tabs, Title } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo } from 'react';

import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { useCan } from '@/lib/auth';
import { t } from '@/lib/i18n';

import type { ImpersonationTab } from '../routes';
import { RequestPanel } from './RequestPanel';
import { SessionList } from './SessionList';
import { StatsPanel } from './StatsPanel';

const route = getRouteApi('/app/impersonation');

export function ImpersonationPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const can = useCan();
  const reader = can('impersonation.read');
  const approver = can('impersonation.approve');
  const tab: ImpersonationTab = search.tab ?? (can('impersonate') ? 'request' : 'history');
  const go = (next: ImpersonationTab) => void navigate({ search: { ...search, tab: next } });
  const actions = useMemo<PaletteAction[]>(
    () => [
      { id: 'imp.request', label: t('imp.palette.request'), run: () => go('request') },
      ...(approver ? [{ id: 'imp.inbox', label: t('imp.palette.inbox'), run: () => go('inbox') }] : []),
    ],
    [approver], // eslint-disable-line react-hooks/exhaustive-deps
  );
  useRegisterActions(actions);

  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('imp.title')}
      </Title>
      <Tabs value={tab} onChange={(v) => v && go(v as ImpersonationTab)} keepMounted={false}>
        <Tabs.List aria-label={t('imp.tabs')} style={{ flexWrap: 'wrap' }}>
          {can('impersonate') && <Tabs.Tab value="request">{t('imp.tab.request')}</Tabs.Tab>}
          {reader && <Tabs.Tab value="inbox">{t('imp.tab.inbox')}</Tabs.Tab>}
          {reader && <Tabs.Tab value="active">{t('imp.tab.active')}</Tabs.Tab>}
          {reader && <Tabs.Tab value="history">{t('imp.tab.history')}</Tabs.Tab>}
          {reader && <Tabs.Tab value="stats">{t('imp.tab.stats')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="request" pt="md">
          <RequestPanel learner={search.learner} ticket={search.ticket} />
        </Tabs.Panel>
        <Tabs.Panel value="inbox" pt="md">
          <SessionList kind="inbox" approver={approver} />
        </Tabs.Panel>
        <Tabs.Panel value="active" pt="md">
          <SessionList kind="active" approver={approver} />
        </Tabs.Panel>
        <Tabs.Panel value="history" pt="md">
          <SessionList
            kind="history"
            approver={approver}
            filter={{ impersonator: search.staff, target: search.target }}
            onFilter={(f) => void navigate({ search: { ...search, staff: f.impersonator, target: f.target }, replace: true })}
          />
        </Tabs.Panel>
        <Tabs.Panel value="stats" pt="md">
          <StatsPanel />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
