/** /compliance/audit: the audit log filtered by actor, person, action, time and on-behalf-of (all in the URL), each
 * entry's place in the sealed chain, and the chain's latest checkpoints. */
import { Alert, Button, Stack, Table, Text, Title } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { errorMessage } from '@/lib/api';
import { formatDateTime, t } from '@/lib/i18n';
import { useAudit, useCheckpoints } from '../api/compliance';
import { FilterBar } from './FilterBar';
import { ScrollRegion } from '@/components/ScrollRegion';

const route = getRouteApi('/app/compliance/audit');

export function AuditPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const audit = useAudit(search);
  const checkpoints = useCheckpoints();
  const items = audit.data?.pages.flatMap((p) => p.items) ?? [];
  const latest = checkpoints.data?.items[0];
  const actions = useMemo<PaletteAction[]>(
    () => [{ id: 'comp.reports', label: t('comp.palette.reports'), run: () => void navigate({ to: '/compliance/reports' }) }],
    [navigate],
  );
  useRegisterActions(actions);
  return (
    <Stack gap="md">
      <FilterBar value={search} ids={['actor', 'person', 'on_behalf_of']} onApply={(f) => void navigate({ search: f })} />
      <section aria-labelledby="chain-heading">
        <Title order={2} size="h4" id="chain-heading">
          {t('comp.chain')}
        </Title>
        {checkpoints.isError && <Alert color="red">{errorMessage(checkpoints.error)}</Alert>}
        {checkpoints.isSuccess && (
          <Text size="sm">
            {latest
              ? t('comp.chainSealed', { seq: latest.chain_seq, when: formatDateTime(latest.at), key: latest.key_id })
              : t('comp.chainNone')}
          </Text>
        )}
      </section>
      {audit.isError && (
        <Alert color="red" role="alert" title={t('comp.failed')}>
          {errorMessage(audit.error)}
        </Alert>
      )}
      {audit.isPending && <Text role="status">{t('common.loading')}</Text>}
      {audit.isSuccess && items.length === 0 && <Text>{t('comp.auditEmpty')}</Text>}
      {items.length > 0 && (
        <ScrollRegion label={t('comp.entries')} minWidth={640}>
          <Table aria-label={t('comp.entries')} striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('comp.col.seq')}</Table.Th>
                <Table.Th>{t('comp.col.at')}</Table.Th>
                <Table.Th>{t('comp.col.actor')}</Table.Th>
                <Table.Th>{t('comp.col.action')}</Table.Th>
                <Table.Th>{t('comp.col.target')}</Table.Th>
                <Table.Th>{t('comp.col.chain')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((e) => (
                <Table.Tr key={e.seq}>
                  <Table.Td>{e.seq}</Table.Td>
                  <Table.Td>{formatDateTime(e.at)}</Table.Td>
                  <Table.Td>
                    {e.on_behalf_of !== null
                      ? t('comp.asFor', { actor: e.actor_id ?? 0, learner: e.on_behalf_of })
                      : e.actor_id !== null
                        ? `#${e.actor_id}`
                        : 'system'}
                  </Table.Td>
                  <Table.Td>{e.action}</Table.Td>
                  <Table.Td>
                    {e.target_type} {e.target_id}
                  </Table.Td>
                  <Table.Td>{e.chain_seq !== null ? t('comp.sealed', { seq: e.chain_seq }) : t('comp.unsealed')}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollRegion>
      )}
      {audit.hasNextPage && (
        <Button variant="default" onClick={() => void audit.fetchNextPage()} loading={audit.isFetchingNextPage} style={{ alignSelf: 'center' }}>
          {t('common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
