/** /console/learners/$id: the 360° profile. The tab is in the URL; every section reads through the API only
 * (each read is audited server-side as it is today). */
import '@/app/screenStyles';
import { Alert, Group, Loader, Stack, Tabs, Text, Title } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, type ReactNode } from 'react';
import { AnchorLink } from '@/components/links';
import { PriorityBadge, RiskBadge, StatusBadge } from '@/components/badges';
import { $api, errorMessage } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { t, type MessageKey } from '@/lib/i18n';
import { ImpersonationAction, ImpersonationBanner } from './actions/ImpersonationAction';
import { NewTicketAction } from './actions/NewTicketAction';
import { StatusAction } from './actions/StatusAction';
import { useLearnerLive, useProfile } from './api/profile';
import { displayName } from './components/ResultsTable';
import { PROFILE_TABS, type ProfileTab } from './routes';
import { ActivityTab } from './tabs/ActivityTab';
import { EnrolmentsTab } from './tabs/EnrolmentsTab';
import { OverviewTab } from './tabs/OverviewTab';
import { PrivacyTab } from './tabs/PrivacyTab';
import { RiskTab } from './tabs/RiskTab';
import { SecurityTab } from './tabs/SecurityTab';
import { TicketsTab } from './tabs/TicketsTab';

const route = getRouteApi('/app/learners/$id');

/** Which tabs the role may read (the API refuses the rest anyway). */
const TAB_PERMISSION: Record<ProfileTab, string> = {
  overview: 'profiles.read',
  activity: 'activity.read',
  enrolments: 'profiles.read',
  tickets: 'tickets.read',
  security: 'security.read',
  privacy: 'profiles.read',
  risk: 'analytics.risk',
};

export function ProfilePage(): ReactNode {
  const { id } = route.useParams();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const can = useCan();
  const profile = useProfile(id);
  useLearnerLive(id);
  const risk = $api.useQuery(
    'get',
    '/api/users/profiles/{user_id}/risk',
    { params: { path: { user_id: id } } },
    { enabled: can('analytics.risk') && Number.isFinite(id) },
  );
  const p = profile.data;
  useEffect(() => {
    document.title = `${p ? displayName(p) : t('profile.title')} · ${t('app.name')}`;
  }, [p]);

  if (!Number.isFinite(id)) return <Text>{t('common.notFound')}</Text>;
  if (profile.isPending) return <Loader aria-label={t('common.loading')} />;
  if (profile.error || !p) {
    return (
      <Stack>
        <Alert color="red" role="alert">
          {errorMessage(profile.error)}
        </Alert>
        <AnchorLink to="/learners">{t('profile.back')}</AnchorLink>
      </Stack>
    );
  }

  const tabs = PROFILE_TABS.filter((tab) => can(TAB_PERMISSION[tab]));
  const tab: ProfileTab = search.tab && tabs.includes(search.tab) ? search.tab : 'overview';

  return (
    <Stack gap="md">
      <AnchorLink to="/learners" size="sm">
        ← {t('profile.back')}
      </AnchorLink>
      <ImpersonationBanner learnerId={id} />
      <Stack gap={6}>
        <Title order={1} size="h2" style={{ wordBreak: 'break-word' }}>
          {displayName(p)}
        </Title>
        <Text c="dimmed" size="sm" style={{ wordBreak: 'break-all' }}>
          {p.username} · {p.email} · #{p.id}
        </Text>
        <Group gap="xs">
          <StatusBadge status={p.account_status} />
          <RiskBadge band={risk.data?.band ?? null} score={risk.data?.score ?? p.risk_score} />
          <PriorityBadge priority={p.support_priority} />
        </Group>
      </Stack>
      <Group gap="xs" aria-label={t('profile.actions')} role="group">
        {can('profiles.update') ? <StatusAction profile={p} /> : null}
        {can('tickets.work') ? <NewTicketAction profile={p} open={search.newTicket === true} onOpenChange={(open) => void navigate({ search: (s) => ({ ...s, newTicket: open || undefined }), replace: true })} /> : null}
        {can('impersonate') ? <ImpersonationAction learnerId={id} /> : null}
      </Group>
      <Tabs
        value={tab}
        onChange={(v) => void navigate({ search: (s) => ({ ...s, tab: (v ?? 'overview') as ProfileTab }), replace: true })}
        keepMounted={false}
      >
        <Tabs.List aria-label={t('profile.tabs')} style={{ flexWrap: 'wrap' }}>
          {tabs.map((tb) => (
            <Tabs.Tab key={tb} value={tb}>
              {t(`profile.tab.${tb}` as MessageKey)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <OverviewTab profile={p} />
        </Tabs.Panel>
        <Tabs.Panel value="activity" pt="md">
          <ActivityTab
            learnerId={id}
            types={search.type ?? []}
            onTypes={(type) => void navigate({ search: (s) => ({ ...s, type: type.length ? type : undefined }), replace: true })}
          />
        </Tabs.Panel>
        <Tabs.Panel value="enrolments" pt="md">
          <EnrolmentsTab profile={p} />
        </Tabs.Panel>
        <Tabs.Panel value="tickets" pt="md">
          <TicketsTab learnerId={id} />
        </Tabs.Panel>
        <Tabs.Panel value="security" pt="md">
          <SecurityTab profile={p} />
        </Tabs.Panel>
        <Tabs.Panel value="privacy" pt="md">
          <PrivacyTab learnerId={id} />
        </Tabs.Panel>
        <Tabs.Panel value="risk" pt="md">
          <RiskTab learnerId={id} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
