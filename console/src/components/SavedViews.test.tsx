/** The saved-views menu both the learners' and the tickets' screens use: it lists the screen's views, opens one
 * through the screen's codec, saves the current search and deletes the person's own views. */
import { MantineProvider, Popover } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { theme } from '@/app/theme';
import { encodeParams, type ViewCodec } from '@/lib/views';
import { fakeFetch, renderWithProviders } from '@/test/render';
import { SavedViews } from './SavedViews';

type Search = { q?: string; page?: string };
const codec: ViewCodec<Search> = {
  toParams: (s) => encodeParams(s, ['page']),
  fromParams: (p) => ({ q: p['q'] }),
};
const view = (id: number, name: string, mine: boolean, params: Record<string, string>) => ({
  id,
  name,
  mine,
  params,
  screen: 'tickets',
  shared: !mine,
  team: mine ? null : 'billing',
  owner: { id: mine ? 3 : 4, username: mine ? 'agent' : 'lee' },
  created_at: '2026-01-01T00:00:00Z',
  updated_at: '2026-01-01T00:00:00Z',
});

function serve() {
  const api = fakeFetch({
    'GET /api/saved-views/': () => ({
      status: 200,
      body: { items: [view(1, 'Refunds', true, { q: 'refund' }), view(2, 'Team urgent', false, { q: 'urgent' })], next_cursor: null },
    }),
    'POST /api/saved-views/': (body) => ({ status: 201, body: { ...view(3, 'New', true, {}), ...(body as object) } }),
    'DELETE /api/saved-views/1': () => ({ status: 204 }),
  });
  vi.stubGlobal('fetch', vi.fn(api.impl));
  return api;
}

/** jsdom lays nothing out, so every target looks scrolled out of view: keep the dropdown shown regardless. */
const instant = { ...theme, components: { Popover: Popover.extend({ defaultProps: { hideDetached: false } }) } };
function show(ui: ReactElement) {
  return renderWithProviders(<MantineProvider theme={instant}>{ui}</MantineProvider>);
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the saved views menu', () => {
  it("lists the screen's views and opens one through the screen's codec", async () => {
    const api = serve();
    const onOpen = vi.fn();
    show(<SavedViews screen="tickets" codec={codec} search={{}} onOpen={onOpen} />);
    await userEvent.click(screen.getByRole('button', { name: 'Saved views' }));
    expect(await screen.findByText('shared by lee')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete view Team urgent' })).toBeNull(); // not theirs to delete
    await userEvent.click(await screen.findByRole('button', { name: 'Open view Refunds' }));
    expect(onOpen).toHaveBeenCalledWith({ q: 'refund' });
    expect(api.calls[0]?.path).toBe('/api/saved-views/');
  });

  it('saves the current search under a name, shared when asked, and confirms when the screen wants it', async () => {
    const api = serve();
    const shown = vi.spyOn(notifications, 'show');
    show(<SavedViews screen="learners" codec={codec} notifySaved search={{ q: 'ana', page: 'c2' }} onOpen={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Saved views' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Save this view' }));
    await userEvent.type(await screen.findByLabelText(/View name/), '  Ana  ');
    await userEvent.click(screen.getByLabelText('Share with my team'));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(shown).toHaveBeenCalledWith({ message: 'View saved' }));
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ screen: 'learners', name: 'Ana', params: { q: 'ana' }, shared: true });
  });

  it("says nothing on save where the screen does not ask, and deletes the person's own view", async () => {
    const api = serve();
    const shown = vi.spyOn(notifications, 'show');
    show(<SavedViews screen="tickets" codec={codec} search={{}} onOpen={vi.fn()} />);
    await userEvent.click(screen.getByRole('button', { name: 'Saved views' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Delete view Refunds' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'DELETE' && c.path === '/api/saved-views/1')).toBe(true));
    await userEvent.click(await screen.findByRole('button', { name: 'Save this view' }));
    await userEvent.type(await screen.findByLabelText(/View name/), 'Mine');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.calls.some((c) => c.method === 'POST')).toBe(true));
    expect(shown).not.toHaveBeenCalled();
  });
});
