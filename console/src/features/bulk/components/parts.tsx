/** Small pieces the bulk screens share: the status badge, names of types and people. */
import { Badge } from '@mantine/core';
import type { ReactNode } from 'react';
import { t, type MessageKey } from '@/lib/i18n';
import type { OperationStatus, OperationType } from '../model/search';

const COLOUR: Record<OperationStatus, string> = {
  pending: 'gray',
  awaiting_approval: 'yellow',
  in_progress: 'blue',
  completed: 'green',
  failed: 'red',
  cancelled: 'dark',
};

export const typeLabel = (type: OperationType): string => t(`bulk.type.${type}` as MessageKey);
export const statusLabel = (status: OperationStatus): string => t(`bulk.status.${status}` as MessageKey);

/** The text says the status; the colour only repeats it. */
export function OperationStatusBadge({ status }: { status: OperationStatus }): ReactNode {
  return (
    <Badge color={COLOUR[status]} variant="light">
      {statusLabel(status)}
    </Badge>
  );
}

export function who(id: number | null | undefined, me: number | undefined): string {
  if (id === null || id === undefined) return '';
  return id === me ? t('bulk.byYou') : t('bulk.byUser', { id });
}
