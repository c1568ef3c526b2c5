/** The compliance area: its heading, the links to its sections, and the section on screen. */
import '@/app/screenStyles';
import { Group, Stack, Title } from '@mantine/core';
import { Outlet } from '@tanstack/react-router';
import { SectionLink } from '@/components/SectionLink';
import { t } from '@/lib/i18n';

export function ComplianceLayout() {
  return (
    <Stack gap="md">
      <Title order={1} size="h2">
        {t('comp.title')}
      </Title>
      <Group component="nav" aria-label={t('comp.sections')} gap="xs" wrap="wrap">
        <SectionLink to="/compliance/audit">{t('comp.tab.audit')}</SectionLink>
        <SectionLink to="/compliance/reports">{t('comp.tab.reports')}</SectionLink>
        <SectionLink to="/compliance/privacy">{t('comp.tab.privacy')}</SectionLink>
        <SectionLink to="/compliance/holds">{t('comp.tab.holds')}</SectionLink>
        <SectionLink to="/compliance/retention">{t('comp.tab.retention')}</SectionLink>
      </Group>
      <Outlet />
    </Stack>
  );
}
