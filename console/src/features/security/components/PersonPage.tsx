/** /security/person?user=: one person's security timeline, newest first, and "unblock sign-in" when it is paused. */
import { Alert, Badge, Button, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { errorMessage } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { formatDateTime, t } from '@/lib/i18n';
import { useTimeline, useUnblock } from '../api/security';
import { ScrollRegion } from '@/components/ScrollRegion';

const route = getRouteApi('/app/security/person');

export function PersonPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const [id, setId] = useState<number | string>(search.user ?? '');
  useEffect(() => setId(search.user ?? ''), [search.user]);
  const timeline = useTimeline(search.user);
  const unblock = useUnblock();
  const manage = useCan()('security.manage');
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];
  const show = (e: React.FormEvent) => {
    e.preventDefault();
    void navigate({ search: { user: typeof id === 'number' && id > 0 ? id : undefined } });
  };
  return (
    <Stack gap="sm">
      <form onSubmit={show} role="search">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <NumberInput label={t('sec.person')} value={id} onChange={setId} min={1} w={{ base: '100%', sm: 180 }} />
          <Button type="submit">{t('sec.show')}</Button>
        </Group>
      </form>
      {search.user === undefined && <Text>{t('sec.choosePerson')}</Text>}
      {search.user !== undefined && (
        <>
          <Group justify="space-between" wrap="wrap">
            <Title order={2} size="h4">
              {t('sec.timelineOf', { id: search.user })}
            </Title>
            {manage && (
              <Button variant="default" loading={unblock.isPending} onClick={() => unblock.mutate(search.user ?? 0)}>
                {t('sec.unblock')}
              </Button>
            )}
          </Group>
          {unblock.isError && <Alert color="red" role="alert">{errorMessage(unblock.error)}</Alert>}
          {unblock.data && (
            <Text role="status">
              {unblock.data.was_blocked ? t('sec.unblocked', { failures: unblock.data.account_failures }) : t('sec.notBlocked')}
            </Text>
          )}
          {timeline.isError && <Alert color="red" role="alert">{errorMessage(timeline.error)}</Alert>}
          {timeline.isPending && <Text role="status">{t('common.loading')}</Text>}
          {timeline.isSuccess && items.length === 0 && <Text>{t('sec.timelineEmpty')}</Text>}
          {items.length > 0 && (
            <ScrollRegion label={t('sec.timeline')} minWidth={520}>
              <Table aria-label={t('sec.timeline')} striped>
                <Table.Tbody>
                  {items.map((e) => (
                    <Table.Tr key={`${e.source}-${e.source_id}`}>
                      <Table.Td>{formatDateTime(e.at)}</Table.Td>
                      <Table.Td>
                        <Badge variant="outline">{e.kind}</Badge>
                      </Table.Td>
                      <Table.Td>{e.action}</Table.Td>
                      <Table.Td>{e.actor_id !== null ? `#${e.actor_id}` : ''}</Table.Td>
                      <Table.Td>{e.ip ?? ''}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollRegion>
          )}
          {timeline.hasNextPage && (
            <Button variant="default" onClick={() => void timeline.fetchNextPage()} style={{ alignSelf: 'center' }}>
              {t('common.loadMore')}
            </Button>
          )}
        </>
      )}
    </Stack>
  );
}
