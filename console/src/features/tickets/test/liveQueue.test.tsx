/** The queue's "N new, show": rows never move under the cursor while live data changes; new and changed tickets
 * are counted; "show" adopts the latest order; the pause switch persists. */
import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { beforeEach, describe, expect, it } from 'vitest';

import { LiveBar } from '../components/LiveBar';
import { PAUSE_KEY, useLivePause } from '../model/useLivePause';
import { useStableRows } from '../model/useStableRows';
import { renderDesk } from './render';

interface R {
  id: number;
  title: string;
  version: number;
}

let push: (rows: R[] | undefined) => void = () => undefined;

function Harness({ initial, view = 'v' }: { initial: R[] | undefined; view?: string }) {
  const [fresh, setFresh] = useState<R[] | undefined>(initial);
  push = setFresh;
  const [paused, setPaused] = useLivePause();
  const stable = useStableRows(fresh, paused, view);
  return (
    <>
      <LiveBar pending={stable.pending} onShow={stable.show} paused={paused} onPausedChange={setPaused} />
      <ul aria-label="rows">
        {stable.rows.map((r) => (
          <li key={r.id}>{r.title}</li>
        ))}
      </ul>
    </>
  );
}

const rows = () => within(screen.getByRole('list', { name: 'rows' })).getAllByRole('listitem').map((li) => li.textContent);
const A = { id: 1, title: 'A', version: 1 };
const B = { id: 2, title: 'B', version: 1 };
const C = { id: 3, title: 'C', version: 1 };

describe('the live queue', () => {
  beforeEach(() => window.localStorage.clear());

  it('announces a new ticket as "1 new, show" without moving the rows, and shows it on demand', async () => {
    renderDesk(<Harness initial={[A, B]} />);
    expect(rows()).toEqual(['A', 'B']);
    expect(screen.getByText('Up to date')).toBeInTheDocument();

    act(() => push([C, A, B])); // a more urgent ticket arrived at the top
    expect(rows()).toEqual(['A', 'B']);
    const show = screen.getByRole('button', { name: '1 new, show' });

    await userEvent.click(show);
    expect(rows()).toEqual(['C', 'A', 'B']);
    expect(screen.queryByRole('button', { name: /new, show/ })).not.toBeInTheDocument();
  });

  it('updates a shown row in place while live, keeping its position even when it would sort elsewhere', () => {
    renderDesk(<Harness initial={[A, B]} />);
    act(() => push([{ ...B, title: 'B (escalated)', version: 2 }, A]));
    expect(rows()).toEqual(['A', 'B (escalated)']);
    expect(screen.queryByRole('button', { name: /new, show/ })).not.toBeInTheDocument();
  });

  it('keeps a ticket that left the view until "show", counting it', async () => {
    renderDesk(<Harness initial={[A, B]} />);
    act(() => push([B]));
    expect(rows()).toEqual(['A', 'B']);
    await userEvent.click(screen.getByRole('button', { name: '1 new, show' }));
    expect(rows()).toEqual(['B']);
  });

  it('while paused changes nothing on screen, counts new and changed tickets, and remembers the pause', async () => {
    const first = renderDesk(<Harness initial={[A, B]} />);
    await userEvent.click(screen.getByRole('switch', { name: 'Pause live updates' }));
    expect(window.localStorage.getItem(PAUSE_KEY)).toBe('true');

    act(() => push([C, { ...A, title: 'A (reassigned)', version: 2 }, B]));
    expect(rows()).toEqual(['A', 'B']);
    await userEvent.click(screen.getByRole('button', { name: '2 new, show' }));
    expect(rows()).toEqual(['C', 'A (reassigned)', 'B']);

    first.unmount();
    renderDesk(<Harness initial={[A]} />);
    expect(screen.getByRole('switch', { name: 'Pause live updates' })).toBeChecked();
  });

  it('starts a new view from its own answer, announcing nothing', () => {
    const r = renderDesk(<Harness initial={[A, B]} view="one" />);
    act(() => push([C, A]));
    expect(screen.getByRole('button', { name: '2 new, show' })).toBeInTheDocument();
    r.rerenderDesk(<Harness initial={[A, B]} view="two" />); // the agent changed a filter
    expect(rows()).toEqual(['C', 'A']);
    expect(screen.queryByRole('button', { name: /new, show/ })).not.toBeInTheDocument();
  });
});
