/** The monitoring area's own menu: one link per screen, the current one marked for assistive technology. */
import { Anchor, Group } from '@mantine/core';
import { Link, useLocation } from '@tanstack/react-router';

import { t, type MessageKey } from '@/lib/i18n';

const TABS: { to: string; label: MessageKey }[] = [
  { to: '/monitoring', label: 'monitoring.tab.dashboard' },
  { to: '/monitoring/sessions', label: 'monitoring.tab.sessions' },
  { to: '/monitoring/errors', label: 'monitoring.tab.errors' },
  { to: '/monitoring/health', label: 'monitoring.tab.health' },
  { to: '/monitoring/alerts', label: 'monitoring.tab.alerts' },
  { to: '/monitoring/kpis', label: 'monitoring.tab.kpis' },
];

export function MonitoringTabs() {
  const path = useLocation().pathname.replace(/\/$/, '');
  return (
    <Group component="nav" aria-label={t('monitoring.menu')} gap="md" wrap="wrap">
      {TABS.map((tab) => {
        const current = path === tab.to || (tab.to !== '/monitoring' && path.startsWith(tab.to));
        return (
          <Anchor
            key={tab.to}
            renderRoot={(props) => <Link {...props} to={tab.to} />}
            aria-current={current ? 'page' : undefined}
            fw={current ? 700 : 400}
            underline={current ? 'always' : 'hover'}
          >
            {t(tab.label)}
          </Anchor>
        );
      })}
    </Group>
  );
}
