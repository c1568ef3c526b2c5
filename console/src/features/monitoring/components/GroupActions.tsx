/** What an admin does with an error group: resolve, ignore or reopen, assign to self, merge another group in, and
 * open a ticket for the affected learners (or follow the one linked). */
import { Alert, Anchor, Button, Group, NumberInput, Stack } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';

import { useRegisterActions, type PaletteAction } from '@/app/palette';

import { errorMessage } from '@/lib/api';
import { useCan, useMe } from '@/lib/auth';
import { t } from '@/lib/i18n';

import { useChangeGroup, useGroupTicket, useMergeGroup, type ErrorGroup } from '../api/monitoring';

export function GroupActions({ group }: { group: ErrorGroup }) {
  const can = useCan();
  const me = useMe().data;
  const change = useChangeGroup(group.id);
  const merge = useMergeGroup(group.id);
  const ticket = useGroupTicket(group.id);
  const [other, setOther] = useState<number | string>('');
  const manager = can('monitoring.manage');
  const open = group.status === 'unresolved' || group.status === 'regressed';
  const { mutate } = change;
  const actions = useMemo<PaletteAction[]>(() => {
    if (!manager) return [];
    if (!open) return [{ id: 'monitoring.reopen', label: t('monitoring.reopen'), run: () => mutate({ status: 'unresolved' }) }];
    return [
      { id: 'monitoring.resolve', label: t('monitoring.resolve'), run: () => mutate({ status: 'resolved' }) },
      { id: 'monitoring.ignore', label: t('monitoring.ignore'), run: () => mutate({ status: 'ignored' }) },
    ];
  }, [manager, open, mutate]);
  useRegisterActions(actions);
  if (!manager) return null;
  const error = change.error ?? merge.error ?? ticket.error;
  return (
    <Stack gap="sm">
      <Group gap="sm" wrap="wrap">
        {open ? (
          <>
            <Button onClick={() => change.mutate({ status: 'resolved' })} loading={change.isPending}>
              {t('monitoring.resolve')}
            </Button>
            <Button variant="default" onClick={() => change.mutate({ status: 'ignored' })} loading={change.isPending}>
              {t('monitoring.ignore')}
            </Button>
          </>
        ) : (
          <Button variant="default" onClick={() => change.mutate({ status: 'unresolved' })} loading={change.isPending}>
            {t('monitoring.reopen')}
          </Button>
        )}
        {me && group.assignee_id !== me.id && (
          <Button variant="default" onClick={() => change.mutate({ assign: true, assignee_id: me.id })}>
            {t('monitoring.assignMe')}
          </Button>
        )}
        {group.assignee_id !== null && (
          <Button variant="subtle" onClick={() => change.mutate({ assign: true, assignee_id: null })}>
            {t('monitoring.unassign')}
          </Button>
        )}
        {group.ticket_id === null ? (
          <Button variant="default" onClick={() => ticket.mutate(null)} loading={ticket.isPending}>
            {t('monitoring.openTicket')}
          </Button>
        ) : (
          <Anchor renderRoot={(props) => <Link {...props} to="/tickets/$id" params={{ id: group.ticket_id ?? 0 }} />}>
            {t('monitoring.ticket', { id: group.ticket_id })}
          </Anchor>
        )}
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap">
        <NumberInput label={t('monitoring.mergeGroup')} value={other} onChange={setOther} min={1} allowDecimal={false} w={{ base: '100%', sm: 200 }} />
        <Button variant="default" disabled={typeof other !== 'number'} onClick={() => typeof other === 'number' && merge.mutate(other)} loading={merge.isPending}>
          {t('monitoring.merge')}
        </Button>
      </Group>
      {error !== null && (
        <Alert color="red" role="alert">
          {errorMessage(error)}
        </Alert>
      )}
    </Stack>
  );
}
