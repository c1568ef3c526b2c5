/** Edits to a ticket with the version the agent read. A 409 `stale_ticket` keeps the edit, re-reads the ticket
 * and hands both to the conflict panel, which shows what changed and re-applies the edit on the new version. */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';

import { errorCode } from '@/lib/api';

import { fetchTicket, ticketKey, usePatchTicket } from './ticket';
import type { Ticket, TicketPatch } from './types';

export type Edit = Omit<TicketPatch, 'version'>;

export interface Conflict {
  edit: Edit;
  /** the ticket as the agent saw it when they made the edit */
  base: Ticket;
  /** the ticket now */
  current: Ticket;
}

export function useTicketEdit(ticket: Ticket | undefined) {
  const qc = useQueryClient();
  const patch = usePatchTicket(ticket?.id ?? 0);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [lastField, setLastField] = useState<string | null>(null);

  const apply = useCallback(
    (edit: Edit, on: Ticket | undefined = ticket, field: string | null = null) => {
      if (!on) return;
      setLastField(field);
      patch.mutate(
        { ...edit, version: on.version },
        {
          onSuccess: () => setConflict(null),
          onError: async (e) => {
            if (errorCode(e) !== 'stale_ticket') return;
            const current = await fetchTicket(on.id);
            qc.setQueryData(ticketKey(on.id), current);
            setConflict({ edit, base: on, current });
            patch.reset();
          },
        },
      );
    },
    [ticket, patch, qc],
  );

  const reapply = useCallback(() => {
    if (conflict) apply(conflict.edit, conflict.current);
  }, [conflict, apply]);

  return {
    apply,
    reapply,
    discard: () => setConflict(null),
    conflict,
    pending: patch.isPending,
    error: patch.error,
    /** which control the last error belongs beside */
    errorField: lastField,
  };
}
