/** The desk's URL state without a schema library, and the queue's loader: the session and the agents are asked
 * for together, then the default view's slices, under the key the screen reads. */
import { QueryClient } from '@tanstack/react-query';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { idParam } from '@/lib/search';
import { session } from '@/lib/session';

import { prefetchQueue } from '../api/prefetch';
import { queueOptions } from '../api/queue';
import { validateQueueSearch } from '../model/search';
import { validateTicketSearch } from '../routes';

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

afterEach(() => {
  vi.unstubAllGlobals();
  session.reset();
});

describe('the desk URL state', () => {
  it('keeps what fits and drops the rest, never failing', () => {
    expect(
      validateQueueSearch({ q: 'refund', status: 'open', priority: 'sometime', assignee: 'me; drop', tags: ['a', 'x'.repeat(41)], sla: 'breached' }),
    ).toEqual({ q: 'refund', status: ['open'], tags: ['a'], sla: 'breached' });
    expect(validateQueueSearch({ assignee: '42', team: 'billing' })).toEqual({ assignee: '42', team: 'billing' });
    expect(validateTicketSearch({ compose: 'note' })).toEqual({ compose: 'note' });
    expect(validateTicketSearch({ compose: 'shout' })).toEqual({});
  });

  it('reads a path id or refuses it', () => {
    expect(idParam('17')).toBe(17);
    for (const bad of ['0', '-3', '1.5', 'abc', '', undefined]) expect(() => idParam(bad)).toThrow();
  });
});

describe('the queue loader', () => {
  it('asks for the session and the agents at once, then the slices of my teams', async () => {
    const asked: string[] = [];
    let inFlight = 0;
    let most = 0;
    vi.stubGlobal('fetch', async (request: Request) => {
      const url = new URL(request.url);
      asked.push(url.pathname + url.search);
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight -= 1;
      if (url.pathname === '/api/auth/me') return json({ id: 7, permissions: ['tickets.read'] });
      if (url.pathname === '/api/support/agents/') {
        return json({ items: [{ user_id: 7, team: 'billing' }, { user_id: 8, team: 'general' }], next_cursor: null });
      }
      return json({ items: [], next_cursor: null });
    });
    const qc = new QueryClient();
    const search = validateQueueSearch({});
    await prefetchQueue(qc, search);

    expect(asked.slice(0, 2).sort()).toEqual(['/api/auth/me', '/api/support/agents/?limit=200']);
    expect(most).toBe(2);
    const slices = asked.slice(2);
    expect(slices).toHaveLength(2);
    expect(slices.some((u) => u.includes('assigned_to=me'))).toBe(true);
    expect(slices.some((u) => u.includes('assigned_to=none') && u.includes('team=billing'))).toBe(true);
    expect(qc.getQueryData(queueOptions(search, ['billing']).queryKey)).toBeDefined();
  });

  it('asks for no queue when the session is not signed in', async () => {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (request: Request) => {
      asked.push(new URL(request.url).pathname);
      return json({ code: 'not_authenticated', message: 'Sign in.' }, 401);
    });
    await prefetchQueue(new QueryClient({ defaultOptions: { queries: { retry: false } } }), validateQueueSearch({}));
    expect(asked.sort()).toEqual(['/api/auth/me', '/api/support/agents/']);
  });
});
