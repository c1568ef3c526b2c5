/** A dry run's "What would change": each changed field of each person, before → after, a page at a time. */
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createMemoryHistory, createRootRoute, createRouter, RouterProvider } from '@tanstack/react-router';
import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { theme } from '@/app/theme';
import { ChangeTable } from '../components/ChangeTable';

/** Inside the providers and a router: each person is a router link to their learner page. */
async function renderWithRouter(ui: ReactElement): Promise<void> {
  window.scrollTo = () => undefined; // the router restores scroll; jsdom has no layout to scroll
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  const root = createRootRoute({
    component: () => (
      <MantineProvider theme={theme}>
        <QueryClientProvider client={client}>{ui}</QueryClientProvider>
      </MantineProvider>
    ),
  });
  const router = createRouter({ routeTree: root, history: createMemoryHistory({ initialEntries: ['/'] }) });
  await act(async () => {
    render(<RouterProvider router={router} />);
  });
}

const json = (body: unknown) => new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });

describe('what would change', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists each person’s changed fields, before → after, and loads the next page', async () => {
    const urls: string[] = [];
    vi.stubGlobal('fetch', async (request: Request) => {
      urls.push(request.url);
      if (!request.url.includes('cursor=')) {
        return json({
          items: [
            {
              user_id: 7,
              username: 'ann',
              row: 2,
              changes: [
                { field: 'first_name', before: 'Ann', after: 'Anne' },
                { field: 'course PY101', before: 'not enrolled', after: 'enrolled' },
              ],
            },
          ],
          next_cursor: 'c2',
        });
      }
      return json({ items: [{ user_id: 8, username: 'bo', row: null, changes: [{ field: 'account_status', before: 'active', after: 'suspended' }] }], next_cursor: null });
    });
    await renderWithRouter(<ChangeTable operationId={5} total={2} />);
    const table = await screen.findByRole('table', { name: 'What would change' });
    const rows = within(table).getAllByRole('row');
    expect(rows.map((r) => r.textContent)).toEqual([
      'PersonFieldBefore → after',
      'ann (row 2)first_nameAnn → Anne',
      'course PY101not enrolled → enrolled',
    ]);
    expect(within(table).getByRole('link', { name: 'ann' })).toHaveAttribute('href', expect.stringContaining('/learners/7'));
    expect(screen.getByText('1 of 2 people shown')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more changes' }));
    expect(await within(table).findByText('account_status')).toBeInTheDocument();
    expect(within(table).getAllByRole('row').at(-1)).toHaveTextContent('boaccount_statusactive → suspended');
    expect(urls[0]).toContain('/api/users/bulk-operations/5/changes');
    expect(urls[1]).toContain('cursor=c2');
    expect(screen.queryByRole('button', { name: 'Load more changes' })).not.toBeInTheDocument();
  });

  it('says so when nobody would change, without asking the server', async () => {
    const fetch = vi.fn();
    vi.stubGlobal('fetch', fetch);
    await renderWithRouter(<ChangeTable operationId={5} total={0} />);
    expect(screen.getByText('Nobody would change.')).toBeInTheDocument();
    expect(fetch).not.toHaveBeenCalled();
  });
});
