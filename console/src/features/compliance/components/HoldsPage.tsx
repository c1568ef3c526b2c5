/** /compliance/holds: legal holds (by person), place one, release one. */
import { Alert, Badge, Button, Card, Group, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { errorMessage, fieldErrors } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { formatDateTime, t } from '@/lib/i18n';
import { useHolds, usePlaceHold, useReleaseHold } from '../api/compliance';

const route = getRouteApi('/app/compliance/holds');

export function HoldsPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const holds = useHolds(search.user);
  const place = usePlaceHold();
  const release = useReleaseHold();
  const may = useCan()('privacy.decide');
  const [user, setUser] = useState<number | string>('');
  const [reason, setReason] = useState('');
  const [ends, setEnds] = useState('');
  const items = holds.data?.pages.flatMap((p) => p.items) ?? [];
  const errors = fieldErrors(place.error);
  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    place.mutate(
      { user_id: Number(user), reason, ends_at: ends ? new Date(`${ends}T00:00:00Z`).toISOString() : null },
      { onSuccess: () => setReason('') },
    );
  };
  return (
    <Stack gap="md">
      <NumberInput
        label={t('comp.person')}
        value={search.user ?? ''}
        onChange={(v) => void navigate({ search: { user: typeof v === 'number' && v > 0 ? v : undefined }, replace: true })}
        min={1}
        w={{ base: '100%', sm: 150 }}
      />
      {may && (
        <form onSubmit={submit} aria-labelledby="hold-heading">
          <Title order={2} size="h4" id="hold-heading" mb="xs">
            {t('comp.placeHold')}
          </Title>
          <Group gap="sm" align="flex-end" wrap="wrap">
            <NumberInput label={t('comp.person')} value={user} onChange={setUser} min={1} required error={errors['user_id']} w={{ base: '100%', sm: 150 }} />
            <TextInput label={t('comp.holdReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} required error={errors['reason']} w={{ base: '100%', sm: 300 }} />
            <TextInput type="date" label={t('comp.holdEnds')} value={ends} onChange={(e) => setEnds(e.currentTarget.value)} w={{ base: '100%', sm: 180 }} />
            <Button type="submit" loading={place.isPending}>
              {t('comp.placeHold')}
            </Button>
          </Group>
          {place.isError && <Alert color="red" role="alert" mt="xs">{errorMessage(place.error)}</Alert>}
        </form>
      )}
      {holds.isError && <Alert color="red" role="alert">{errorMessage(holds.error)}</Alert>}
      {release.isError && <Alert color="red" role="alert">{errorMessage(release.error)}</Alert>}
      {holds.isPending && <Text role="status">{t('common.loading')}</Text>}
      {holds.isSuccess && items.length === 0 && <Text>{t('comp.holdsEmpty')}</Text>}
      {items.map((h) => (
        <Card key={h.id} withBorder component="article" aria-label={`#${h.id}`}>
          <Group justify="space-between" wrap="wrap">
            <Stack gap={2}>
              <Text>{t('comp.holdRow', { user: h.user_id, reason: h.reason, when: formatDateTime(h.placed_at), by: h.placed_by })}</Text>
              <Badge variant="light" color={h.active ? 'orange' : 'gray'}>
                {h.active ? t('comp.holdActive') : t('comp.holdReleased', { when: formatDateTime(h.released_at) })}
              </Badge>
            </Stack>
            {may && h.active && (
              <Button size="xs" variant="default" loading={release.isPending && release.variables === h.id} onClick={() => release.mutate(h.id)}>
                {t('comp.release')}
              </Button>
            )}
          </Group>
        </Card>
      ))}
    </Stack>
  );
}
