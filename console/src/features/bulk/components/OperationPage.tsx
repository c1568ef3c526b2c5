/** /console/bulk/$id: one operation: its parameters, live progress, cancel, the row errors and an export's file. */
import '@/app/screenStyles';
import { Alert, Badge, Button, Code, Group, Loader, Modal, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { AnchorLink } from '@/components/links';
import { errorMessage } from '@/lib/api';
import { useMe } from '@/lib/auth';
import { formatDateTime, t } from '@/lib/i18n';
import { downloadUrl, useDecision, useOperation } from '../api/bulk';
import { FINISHED, type Operation, type OperationStatus } from '../model/search';
import { ChangeTable } from './ChangeTable';
import { ErrorTable } from './ErrorTable';
import { LiveProgress } from './LiveProgress';
import { OperationStatusBadge, typeLabel, who } from './parts';

const route = getRouteApi('/app/bulk/$id');
const SAFETY_POLL_MS = 5000;

export function OperationPage(): ReactNode {
  const { id } = route.useParams();
  const [finished, setFinished] = useState(false);
  const query = useOperation(id, finished ? false : SAFETY_POLL_MS);
  const op = query.data;
  useEffect(() => {
    document.title = `${t('bulk.operation', { id })} · ${t('app.name')}`;
  }, [id]);
  useEffect(() => {
    if (op) setFinished(FINISHED.includes(op.status));
  }, [op]);
  return (
    <Stack gap="md">
      <AnchorLink to="/bulk" search={{}}>
        {t('bulk.title')}
      </AnchorLink>
      {query.error ? (
        <Alert color="red" role="alert">
          {errorMessage(query.error)}
        </Alert>
      ) : null}
      {op ? <OperationView op={op} /> : query.isPending ? <Loader aria-label={t('common.loading')} /> : null}
    </Stack>
  );
}

export function OperationView({ op, heading = 1 }: { op: Operation; heading?: 1 | 2 }): ReactNode {
  const client = useQueryClient();
  const me = useMe().data?.id;
  const id = op.operation_id;
  const [confirm, setConfirm] = useState(false);
  const decision = useDecision();
  const onStatus = useCallback(
    (_status: OperationStatus) => {
      void client.invalidateQueries({ queryKey: ['get', '/api/users/bulk-operations/{operation_id}/'] });
      void client.invalidateQueries({ queryKey: ['bulk-errors', id] });
      void client.invalidateQueries({ queryKey: ['bulk-changes', id] });
    },
    [client, id],
  );
  const active = !FINISHED.includes(op.status);
  const canCancel = active && !op.cancel_requested;
  const actions = useMemo<PaletteAction[]>(
    () => (canCancel ? [{ id: 'bulk.cancel', label: t('bulk.cancel'), run: () => setConfirm(true) }] : []),
    [canCancel],
  );
  useRegisterActions(actions);
  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap">
        <Title order={heading} size="h2">
          {op.dry_run ? t('bulk.dryRun.result', { id }) : t('bulk.operation', { id })}
        </Title>
        <Badge variant="outline">{typeLabel(op.operation_type)}</Badge>
        <OperationStatusBadge status={op.status} />
        {op.dry_run ? <Badge color="grape">{t('bulk.dryRunBadge')}</Badge> : null}
      </Group>
      <Text size="sm" c="dimmed">
        {t('bulk.startedBy', { who: who(op.created_by, me) })} · {formatDateTime(op.created_at)}
        {op.approved_by ? ` · ${t('bulk.approvedBy', { who: who(op.approved_by, me) })}` : ''}
        {op.completed_at ? ` · ${t('bulk.finished', { when: formatDateTime(op.completed_at) })}` : ''}
      </Text>
      {op.status === 'awaiting_approval' ? <Alert color="yellow">{t('bulk.waitsApproval')}</Alert> : null}
      {op.cancel_requested && active ? <Alert color="orange">{t('bulk.cancelRequested')}</Alert> : null}
      <LiveProgress op={op} onStatus={onStatus} />
      {canCancel ? (
        <Group>
          <Button color="red" variant="light" onClick={() => setConfirm(true)}>
            {t('bulk.cancel')}
          </Button>
        </Group>
      ) : null}
      {decision.error ? (
        <Alert color="red" role="alert">
          {errorMessage(decision.error)}
        </Alert>
      ) : null}
      {op.operation_type === 'export' && op.status === 'completed' && !op.dry_run ? <ExportDownload op={op} /> : null}
      {op.changed_rows != null && !active ? <ChangeTable operationId={id} total={op.changed_rows} /> : null}
      <ErrorTable operationId={id} total={op.error_count} />
      <details>
        <summary>{t('bulk.parameters')}</summary>
        <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {JSON.stringify(op.parameters, null, 2)}
        </Code>
      </details>
      <Modal opened={confirm} onClose={() => setConfirm(false)} title={t('bulk.cancel')}>
        <Stack>
          <Text>{t('bulk.cancelConfirm', { id })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirm(false)}>
              {t('common.close')}
            </Button>
            <Button
              color="red"
              loading={decision.isPending}
              onClick={() =>
                decision.mutate(
                  { id, approve: false },
                  { onSuccess: () => (setConfirm(false), onStatus('cancelled')) },
                )
              }
            >
              {t('bulk.cancelYes')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}

function ExportDownload({ op }: { op: Operation }): ReactNode {
  const expires = op.download_expires_at;
  if (!expires || Date.parse(expires) <= Date.now()) return <Alert color="gray">{t('bulk.export.expired')}</Alert>;
  return (
    <Group gap="sm" wrap="wrap">
      <Button component="a" href={downloadUrl(op.operation_id)} download>
        {t('bulk.export.download')}
      </Button>
      <Text size="sm" c="dimmed">
        {t('bulk.export.until', { when: formatDateTime(expires) })}
      </Text>
    </Group>
  );
}
