/** The security area: its heading, the links to its sections, and the section on screen. */
import '@/app/screenStyles';
import { Group, Stack, Title } from '@mantine/core';
import { Outlet } from '@tanstack/react-router';
import { SectionLink } from '@/components/SectionLink';
import { t } from '@/lib/i18n';

export function SecurityLayout() {
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('sec.title')}
      </Title>
      <Group component="nav" aria-label={t('sec.sections')} gap="xs" wrap="wrap">
        <SectionLink to="/security/events">{t('sec.tab.events')}</SectionLink>
        <SectionLink to="/security/mfa-resets">{t('sec.tab.mfa')}</SectionLink>
        <SectionLink to="/security/person">{t('sec.tab.person')}</SectionLink>
        <SectionLink to="/security/policy">{t('sec.tab.policy')}</SectionLink>
      </Group>
      <Outlet />
    </Stack>
  );
}
