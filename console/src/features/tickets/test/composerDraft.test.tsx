/** The composer keeps a draft per ticket (text and reply/note mode) across unmounts and reloads, and clears it
 * only once the server has the message. */
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { api } from '@/lib/api';

import { Composer } from '../components/Composer';
import { draftKey } from '../model/draft';
import { useDraft } from '../model/useDraft';
import { renderDesk } from './render';

function Harness({ id }: { id: number }) {
  const draft = useDraft(id);
  return <Composer ticketId={id} draft={draft} />;
}

const message = () => screen.getByRole('textbox', { name: 'Message' });

describe('the composer draft', () => {
  beforeEach(() => window.localStorage.clear());
  afterEach(() => vi.restoreAllMocks());

  it('survives leaving the ticket, with its mode, and stays with its own ticket', async () => {
    const first = renderDesk(<Harness id={7} />);
    await userEvent.click(screen.getByRole('radio', { name: 'Internal note' }));
    await userEvent.type(message(), 'Checked the logs');
    expect(JSON.parse(window.localStorage.getItem(draftKey(7)) ?? '{}')).toEqual({
      mode: 'internal_note',
      text: 'Checked the logs',
    });
    first.unmount();

    const other = renderDesk(<Harness id={8} />);
    expect(message()).toHaveValue('');
    expect(screen.getByRole('radio', { name: 'Reply' })).toBeChecked();
    other.unmount();

    renderDesk(<Harness id={7} />);
    expect(message()).toHaveValue('Checked the logs');
    expect(screen.getByRole('radio', { name: 'Internal note' })).toBeChecked();
  });

  it('is kept when sending fails and cleared once the server has it', async () => {
    const post = vi.spyOn(api, 'POST');
    post.mockResolvedValueOnce({
      error: { error: { code: 'ticket_closed', message: 'The ticket is closed.', details: {} } },
      response: new Response(null, { status: 409 }),
    } as never);
    renderDesk(<Harness id={9} />);
    await userEvent.type(message(), 'Here is how to reset it');
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The ticket is closed.');
    expect(message()).toHaveValue('Here is how to reset it');
    expect(window.localStorage.getItem(draftKey(9))).not.toBeNull();

    post.mockResolvedValueOnce({
      data: {
        ticket_version: 4,
        update: {
          id: 50,
          content: 'Here is how to reset it',
          created_at: '2026-12-07T10:00:00Z',
          created_by: null,
          data: {},
          is_internal: false,
          update_type: 'comment',
        },
      },
      response: new Response(null, { status: 201 }),
    } as never);
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(message()).toHaveValue(''));
    expect(window.localStorage.getItem(draftKey(9))).toBeNull();
    expect(post).toHaveBeenLastCalledWith('/api/support/tickets/{ticket_id}/updates/', {
      params: { path: { ticket_id: 9 } },
      body: { content: 'Here is how to reset it', update_type: 'comment' },
    });
  });

  it('refuses to send an empty message, saying so beside the field', async () => {
    const post = vi.spyOn(api, 'POST');
    renderDesk(<Harness id={10} />);
    await userEvent.click(screen.getByRole('button', { name: 'Send' }));
    expect(screen.getByText('Write something first.')).toBeInTheDocument();
    expect(post).not.toHaveBeenCalled();
  });
});
