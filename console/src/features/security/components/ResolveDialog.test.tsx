/** Resolving several security events at once: one note, one audited change per event, and the dialog says how many. */
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, renderWithProviders } from '@/test/render';
import { ResolveDialog } from './ResolveDialog';

const event = (id: number) => ({ id, resolved: true, resolution_note: 'checked' });

describe('ResolveDialog', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('resolves every chosen event with the same note, once one is written', async () => {
    document.cookie = 'csrftoken=t0k';
    const fetch = fakeFetch({
      'PATCH /api/security/events/4/': () => ({ status: 200, body: event(4) }),
      'PATCH /api/security/events/9/': () => ({ status: 200, body: event(9) }),
    });
    vi.stubGlobal('fetch', fetch.impl);
    const onClose = vi.fn();
    renderWithProviders(<ResolveDialog ids={[4, 9]} onClose={onClose} />);
    expect(await screen.findByRole('dialog', { name: 'Resolve 2 events' })).toBeTruthy();
    const submit = screen.getByRole('button', { name: 'Resolve' });
    expect(submit).toHaveProperty('disabled', true); // a resolution always says why
    await userEvent.type(screen.getByRole('textbox', { name: /^Note/ }), 'checked');
    await userEvent.click(submit);
    await waitFor(() => expect(onClose).toHaveBeenCalledWith(true));
    expect(fetch.calls.map((c) => `${c.method} ${c.path}`).sort()).toEqual(['PATCH /api/security/events/4/', 'PATCH /api/security/events/9/']);
    expect(fetch.calls.every((c) => JSON.stringify(c.body) === JSON.stringify({ resolved: true, note: 'checked' }))).toBe(true);
    expect(fetch.calls.every((c) => c.headers.get('X-CSRFToken') === 't0k')).toBe(true);
  });

  it('keeps the dialog open and shows the refusal when the server says no', async () => {
    document.cookie = 'csrftoken=t0k';
    const refused = { error: { code: 'permission_denied', message: 'Your role may not do this.', details: {} } };
    vi.stubGlobal('fetch', fakeFetch({ 'PATCH /api/security/events/4/': () => ({ status: 403, body: refused }) }).impl);
    const onClose = vi.fn();
    renderWithProviders(<ResolveDialog ids={[4]} onClose={onClose} />);
    await userEvent.type(await screen.findByRole('textbox', { name: /^Note/ }), 'looked');
    await userEvent.click(screen.getByRole('button', { name: 'Resolve' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Your role may not do this.');
    expect(onClose).not.toHaveBeenCalled();
  });
});
