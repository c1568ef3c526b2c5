/** /compliance/privacy: the privacy requests queue (by stage, by person), approve or reject with a reason, cancel,
 * the erasure's cool-off counting down, and the export's download while it lasts. */
import { Alert, Badge, Button, Card, Group, NumberInput, Select, Stack, Text } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { Countdown } from '@/components/Countdown';
import { errorMessage } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { formatDateTime, t, type MessageKey } from '@/lib/i18n';
import { usePrivacyRequests, type Decision, type PrivacyRequest } from '../api/compliance';
import { STAGES } from '../routes';
import { PrivacyDecisionDialog } from './PrivacyDecisionDialog';

const route = getRouteApi('/app/compliance/privacy');
const OPEN = new Set(['pending', 'awaiting_approval', 'cooling_off']);

export function PrivacyPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const requests = usePrivacyRequests(search.stage, search.user);
  const decide = useCan()('privacy.decide');
  const [deciding, setDeciding] = useState<Omit<Decision, 'reason'> | null>(null);
  const items = requests.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Stack gap="sm">
      <Group gap="sm" align="flex-end" wrap="wrap" role="search">
        <Select
          label={t('comp.stage')}
          placeholder={t('comp.any')}
          data={STAGES.map((s) => ({ value: s, label: t(`comp.stage.${s}`) }))}
          value={search.stage ?? null}
          onChange={(v) => void navigate({ search: { ...search, stage: (v ?? undefined) as typeof search.stage }, replace: true })}
          clearable
          w={{ base: '100%', sm: 200 }}
        />
        <NumberInput
          label={t('comp.person')}
          value={search.user ?? ''}
          onChange={(v) => void navigate({ search: { ...search, user: typeof v === 'number' && v > 0 ? v : undefined }, replace: true })}
          min={1}
          w={{ base: '100%', sm: 150 }}
        />
      </Group>
      {requests.isError && <Alert color="red" role="alert">{errorMessage(requests.error)}</Alert>}
      {requests.isPending && <Text role="status">{t('common.loading')}</Text>}
      {requests.isSuccess && items.length === 0 && <Text>{t('comp.requestsEmpty')}</Text>}
      {items.map((r) => (
        <RequestCard key={r.id} r={r} decide={decide} onDecide={(verb) => setDeciding({ id: r.id, verb })} />
      ))}
      {requests.hasNextPage && (
        <Button variant="default" onClick={() => void requests.fetchNextPage()} style={{ alignSelf: 'center' }}>
          {t('common.loadMore')}
        </Button>
      )}
      {deciding && <PrivacyDecisionDialog {...deciding} onClose={() => setDeciding(null)} />}
    </Stack>
  );
}

function RequestCard({ r, decide, onDecide }: { r: PrivacyRequest; decide: boolean; onDecide: (verb: Decision['verb']) => void }) {
  return (
    <Card withBorder component="article" aria-label={`#${r.id}`}>
      <Stack gap={4}>
        <Group gap="xs" wrap="wrap">
          <Text fw={600}>#{r.id}</Text>
          <Badge variant="light">{t(`comp.stage.${r.stage}` as MessageKey)}</Badge>
          {r.held && <Badge color="orange">{t('comp.held')}</Badge>}
          <Text size="sm">{t('comp.requestRow', { type: r.type, user: r.user_id, by: r.requested_by, when: formatDateTime(r.created_at) })}</Text>
        </Group>
        {r.reason && <Text size="sm">{r.reason}</Text>}
        {r.decision_reason && <Text size="sm">{r.decision_reason}</Text>}
        {r.stage === 'cooling_off' && r.erase_after && <Countdown until={r.erase_after} label={t('comp.coolOff')} />}
        {r.stage === 'download_ready' && r.download_expires_at && <Countdown until={r.download_expires_at} label={t('comp.downloadUntil')} />}
        <Group gap="sm" wrap="wrap">
          {r.stage === 'download_ready' && (
            <Button size="xs" component="a" href={`/api/privacy/requests/${r.id}/download`} download variant="light">
              {t('comp.downloadExport')}
            </Button>
          )}
          {decide && r.stage === 'awaiting_approval' && (
            <>
              <Button size="xs" onClick={() => onDecide('approve')}>{t('comp.approve')}</Button>
              <Button size="xs" variant="default" onClick={() => onDecide('reject')}>{t('comp.reject')}</Button>
            </>
          )}
          {OPEN.has(r.stage) && (
            <Button size="xs" variant="subtle" color="red" onClick={() => onDecide('cancel')}>
              {t('comp.cancel')}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
