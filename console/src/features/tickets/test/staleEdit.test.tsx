/** A 409 on a stale version: the panel shows what another agent changed and re-applies this agent's edit on
 * the current version. */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { ConflictReview } from '@/components/ConflictReview';
import { api } from '@/lib/api';

import { useTicketEdit } from '../api/edit';
import type { Ticket } from '../api/types';
import { ticketConflict } from '../components/conflictFields';
import { renderDesk } from './render';

const base = {
  id: 5,
  ticket_id: 'SUP-000005',
  status: 'open',
  priority: 'normal',
  category: 'billing',
  team: 'billing',
  tags: [],
  assigned_to: null,
  version: 3,
} as unknown as Ticket;

function Harness() {
  const edit = useTicketEdit(base);
  return (
    <>
      <button type="button" onClick={() => edit.apply({ status: 'resolved' }, base, 'status')}>
        Resolve
      </button>
      {edit.conflict && (
        <ConflictReview {...ticketConflict(edit.conflict, new Map())} onReapply={edit.reapply} onDiscard={edit.discard} busy={edit.pending} />
      )}
    </>
  );
}

describe('a stale edit', { timeout: 20_000 }, () => {
  afterEach(() => vi.restoreAllMocks());

  it('shows what changed and re-applies the edit on the current version', async () => {
    const current = { ...base, priority: 'urgent', version: 4 } as Ticket;
    const patch = vi.spyOn(api, 'PATCH');
    patch.mockResolvedValueOnce({
      error: { error: { code: 'stale_ticket', message: 'Someone changed this ticket.', details: {} } },
      response: new Response(null, { status: 409 }),
    } as never);
    vi.spyOn(api, 'GET').mockResolvedValue({ data: current, response: new Response(null, { status: 200 }) } as never);
    renderDesk(<Harness />);

    await userEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    const panel = await screen.findByRole('alert');
    const priority = within(panel).getByRole('row', { name: /Priority/ });
    expect(priority).toHaveTextContent('Normal');
    expect(priority).toHaveTextContent('Urgent');
    expect(within(panel).getByRole('row', { name: /Status/ })).toHaveTextContent('Resolved');

    patch.mockResolvedValueOnce({ data: { ...current, status: 'resolved', version: 5 }, response: new Response(null, { status: 200 }) } as never);
    await userEvent.click(within(panel).getByRole('button', { name: 'Re-apply my change' }));
    await waitFor(() => expect(screen.queryByRole('alert')).not.toBeInTheDocument());
    expect(patch).toHaveBeenLastCalledWith('/api/support/tickets/{ticket_id}/', {
      params: { path: { ticket_id: 5 } },
      body: { status: 'resolved', version: 4 },
    });
  });
});
