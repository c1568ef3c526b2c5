/** /analytics/at-risk: learners to contact, highest score first, with their name, e-mail, band and reasons;
 * filtered by band, account status (active only by default) and course. Chosen rows, or the whole filter, go to
 * the bulk wizard as a notify or an export (a link: the wizard is another feature's screen). */
import '@/app/screenStyles';
import { Anchor, Button, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useRouter } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';

import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { AppLink } from '@/components/AppLink';
import { RiskBadge, StatusBadge } from '@/components/badges';
import { t } from '@/lib/i18n';

import { atRiskOptions } from '../api/queries';
import type { AtRiskItem } from '../api/types';
import { n } from '../model/format';
import { bandLearners, bulkHandOff } from '../model/links';
import { Loaded } from './Loaded';
import { useAnalyticsSearch } from './useAnalyticsSearch';

function Rows({ items, chosen, toggle }: { items: AtRiskItem[]; chosen: Set<number>; toggle: (ids: number[], on: boolean) => void }) {
  const all = items.length > 0 && items.every((i) => chosen.has(i.user_id));
  return (
    <Table.ScrollContainer minWidth={0} type="native" tabIndex={0} role="region" aria-label={t('analytics.atRisk.caption')}>
      <Table striped highlightOnHover withTableBorder fz="sm">
        <Table.Caption style={{ textAlign: 'start' }}>{t('analytics.atRisk.caption')}</Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={36}>
              <Checkbox
                aria-label={t('analytics.atRisk.chooseAll')}
                checked={all}
                indeterminate={!all && items.some((i) => chosen.has(i.user_id))}
                onChange={(e) => toggle(items.map((i) => i.user_id), e.currentTarget.checked)}
              />
            </Table.Th>
            <Table.Th scope="col">{t('analytics.col.learner')}</Table.Th>
            <Table.Th scope="col">{t('analytics.col.risk')}</Table.Th>
            <Table.Th scope="col">{t('analytics.col.status')}</Table.Th>
            <Table.Th scope="col">{t('analytics.col.reasons')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.user_id} data-testid="at-risk-row">
              <Table.Td>
                <Checkbox
                  aria-label={t('analytics.atRisk.choose', { name: i.name || i.username })}
                  checked={chosen.has(i.user_id)}
                  onChange={(e) => toggle([i.user_id], e.currentTarget.checked)}
                />
              </Table.Td>
              <Table.Th scope="row" fw={400} style={{ minWidth: 160 }}>
                <Anchor component={AppLink} to={`/learners/${i.user_id}?tab=risk`} fw={500}>
                  {i.name || i.username}
                </Anchor>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {i.email}
                </Text>
              </Table.Th>
              <Table.Td>
                <RiskBadge band={i.band} score={i.score} />
              </Table.Td>
              <Table.Td>
                <StatusBadge status={i.account_status} />
              </Table.Td>
              <Table.Td style={{ minWidth: 200 }}>
                {i.reasons.slice(0, 3).map((r) => (
                  <Text key={r.indicator} size="xs">
                    {r.detail} <Text span c="dimmed">({n(r.contribution, 1)})</Text>
                  </Text>
                ))}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A link to the bulk wizard, shown as a button (a disabled button while nothing is chosen). */
function HandOff({ to, variant, children }: { to: string | null; variant: string; children: string }) {
  return to ? (
    <Button size="xs" variant={variant} component={AppLink} to={to}>
      {children}
    </Button>
  ) : (
    <Button size="xs" variant={variant} disabled>
      {children}
    </Button>
  );
}

export function AtRiskPage() {
  const router = useRouter();
  const [search] = useAnalyticsSearch();
  const query = useInfiniteQuery(atRiskOptions(search));
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.items) ?? [], [query.data]);
  const [chosen, setChosen] = useState<Set<number>>(new Set());
  const filterKey = JSON.stringify([search.band, search.status, search.course]);
  useEffect(() => setChosen(new Set()), [filterKey]);
  const toggle = (ids: number[], on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      for (const id of ids) if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  const ids = [...chosen];
  const filter = { band: search.band, status: search.status, course: search.course };
  const actions = useMemo<PaletteAction[]>(
    () =>
      ids.length
        ? [
            {
              id: 'analytics.notifyChosen',
              label: t('analytics.atRisk.notifyChosen', { count: ids.length }),
              run: () => void router.navigate({ href: bulkHandOff('notify', { ids }) }),
            },
          ]
        : [],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [ids.join()],
  );
  useRegisterActions(actions);

  return (
    <Loaded query={{ ...query, data: query.data ? items : undefined }}>
      {(rows) => (
        <Stack gap="sm">
          <Group gap="xs" wrap="wrap" role="group" aria-label={t('analytics.atRisk.handOff')}>
            <Text size="sm" aria-live="polite">
              {t('analytics.atRisk.chosen', { count: ids.length })}
            </Text>
            <HandOff to={ids.length ? bulkHandOff('notify', { ids }) : null} variant="filled">
              {t('analytics.atRisk.notifyChosen', { count: ids.length })}
            </HandOff>
            <HandOff to={ids.length ? bulkHandOff('export', { ids }) : null} variant="light">
              {t('analytics.atRisk.exportChosen', { count: ids.length })}
            </HandOff>
            <Button size="xs" variant="subtle" component={AppLink} to={bulkHandOff('notify', filter)}>
              {t('analytics.atRisk.notifyAll')}
            </Button>
            {search.band && (
              <Anchor size="sm" component={AppLink} to={bandLearners(search.band, search.status, search.course)}>
                {t('analytics.atRisk.inSearch')}
              </Anchor>
            )}
          </Group>
          {rows.length === 0 ? (
            <Text>{t('analytics.atRisk.none')}</Text>
          ) : (
            <Rows items={rows} chosen={chosen} toggle={toggle} />
          )}
          {query.hasNextPage && (
            <Button variant="default" size="xs" w="fit-content" loading={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
              {t('common.loadMore')}
            </Button>
          )}
        </Stack>
      )}
    </Loaded>
  );
}
