/** The ticket page's Status control offers only the moves the API says its reader may make; another agent typing
 * shows as "<name> is typing…" in a live region until their signal lapses; this agent's typing is sent throttled. */
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { api } from '@/lib/api';

import { usePresenceMap, useTypingSignal } from '../api/live';
import type { Ticket } from '../api/types';
import { Composer } from '../components/Composer';
import { TypingNotice } from '../components/Presence';
import { TicketFields } from '../components/TicketFields';
import { typists, TYPING_MS } from '../model/presence';
import { useDraft } from '../model/useDraft';
import { renderDesk } from './render';

const ticket = (status: string, allowed: string[]) =>
  ({ id: 5, status, priority: 'normal', category: 'billing', team: 'general', tags: [], assigned_to: null, version: 2, allowed_transitions: allowed }) as unknown as Ticket;

function fields(t: Ticket, apply = vi.fn()) {
  renderDesk(<TicketFields ticket={t} agents={[]} canWork apply={apply} error={null} errorField={null} />);
  return screen.getByRole('textbox', { name: 'Status' });
}

let record: (data: unknown) => void = () => undefined;
function Typing() {
  const [map, rec] = usePresenceMap();
  record = rec;
  return <TypingNotice typists={typists(map.get(5) ?? [])} />;
}

function Writer() {
  const draft = useDraft(5);
  return <Composer ticketId={5} draft={draft} onTyping={useTypingSignal(5)} />;
}

const fail = (): never => {
  throw new Error('the Status list is not open');
};
const presence = (typing: boolean) => ({ ticket: 5, agent_id: 2, username: 'bob', at: '', ttl_seconds: 30, typing });

describe('the ticket page', { timeout: 20_000 }, () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    window.localStorage.clear();
  });

  it('offers the current status and only the moves the reader may make', async () => {
    const apply = vi.fn();
    const status = fields(ticket('resolved', ['open', 'in_progress', 'closed']), apply);
    await userEvent.click(status);
    const list = await waitFor(() => document.getElementById(status.getAttribute('aria-controls') ?? '') ?? fail());
    const options = within(list).getAllByRole('option', { hidden: true }).map((o) => o.textContent);
    expect(options).toEqual(['Open', 'In progress', 'Resolved', 'Closed']); // no "Pending user": not a move from here
    await userEvent.click(within(list).getByRole('option', { name: 'Closed', hidden: true }));
    expect(apply).toHaveBeenCalledWith({ status: 'closed' }, expect.objectContaining({ id: 5 }), 'status');
  });

  it('offers nothing when the reader may make no move', () => {
    const status = fields(ticket('closed', []));
    expect(status).toBeDisabled();
    expect(screen.getByText('No status change is open to you from here.')).toBeInTheDocument();
  });

  it('says who is typing in a live region, and forgets it when the signal lapses', () => {
    vi.useFakeTimers();
    renderDesk(<Typing />);
    const region = screen.getByRole('status');
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(region).toHaveTextContent('');
    act(() => record(presence(true)));
    expect(region).toHaveTextContent('bob is typing…');
    act(() => vi.advanceTimersByTime(TYPING_MS - 2000));
    act(() => record(presence(false))); // a heartbeat does not end the typing signal
    expect(region).toHaveTextContent('bob is typing…');
    act(() => vi.advanceTimersByTime(3000));
    expect(region).toHaveTextContent('');
  });

  it('sends typing at most every few seconds while keys are pressed', async () => {
    const post = vi.spyOn(api, 'POST').mockResolvedValue({ response: new Response(null, { status: 204 }) } as never);
    renderDesk(<Writer />);
    await userEvent.type(screen.getByRole('textbox', { name: 'Message' }), 'Hello there');
    expect(post).toHaveBeenCalledTimes(1);
    expect(post).toHaveBeenCalledWith('/api/support/tickets/{ticket_id}/presence', {
      params: { path: { ticket_id: 5 } },
      body: { typing: true },
    });
  });
});
