/** The progress page stays cheap: LiveProgress redraws from the operation's channel, tells the page only of a change
 * of status; the row-error table puts only the rows in view in the DOM. */
import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventStream, setEventStream } from '@/lib/events';
import { renderWithProviders } from '@/test/render';
import { ErrorTable } from '../components/ErrorTable';
import { LiveProgress } from '../components/LiveProgress';
import type { Operation } from '../model/search';

class FakeSource {
  static last: FakeSource | null = null;
  readyState = 1;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, ((e: MessageEvent<string>) => void)[]>();
  constructor(public url: string) {
    FakeSource.last = this;
  }
  addEventListener(type: string, fn: (e: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close(): void {}
  emit(data: unknown, id: string): void {
    const event = new MessageEvent<string>('bulk.progress', { data: JSON.stringify(data), lastEventId: id });
    for (const fn of this.listeners.get('bulk.progress') ?? []) fn(event);
  }
}

const op = {
  operation_id: 5,
  operation_type: 'import_users',
  status: 'in_progress',
  progress: 0,
  total_items: 1000,
  processed: 0,
  success_count: 0,
  error_count: 0,
  skipped_count: 0,
  dry_run: false,
  started_at: '2026-01-01T00:00:00Z',
  rate_per_s: null,
  eta_s: null,
} as unknown as Operation;

const tick = (processed: number, status = 'in_progress') => ({
  operation_id: 5,
  status,
  progress: processed / 10,
  total_items: 1000,
  processed,
  success_count: processed,
  error_count: 0,
  skipped_count: 0,
  at: `2026-01-01T00:00:${String(processed / 100).padStart(2, '0')}Z`,
});

describe('live progress', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    setEventStream(new EventStream('/events/', (url) => new FakeSource(url) as unknown as EventSource));
  });
  afterEach(() => {
    setEventStream(null);
    vi.useRealTimers();
  });

  it('follows the counters and tells the page only when the status changes', () => {
    const onStatus = vi.fn();
    renderWithProviders(<LiveProgress op={op} onStatus={onStatus} />);
    act(() => void vi.runAllTimers()); // the stream opens once the screen settles
    expect(FakeSource.last?.url).toContain('channel=bulk-5');
    act(() => FakeSource.last?.emit(tick(200), 'bulk-5:1'));
    act(() => FakeSource.last?.emit(tick(500), 'bulk-5:2'));
    expect(screen.getByText('500 / 1,000')).toBeInTheDocument();
    expect(screen.getByTestId('bulk-Rate')).toHaveTextContent('100 a second');
    expect(screen.getByTestId('bulk-Time left')).toHaveTextContent('5 s');
    expect(onStatus).not.toHaveBeenCalled();
    act(() => FakeSource.last?.emit(tick(1000, 'completed'), 'bulk-5:3'));
    expect(onStatus).toHaveBeenCalledTimes(1);
    expect(onStatus).toHaveBeenCalledWith('completed');
  });
});

describe('the row errors', () => {
  afterEach(() => (vi.unstubAllGlobals(), vi.restoreAllMocks()));

  it('puts only the rows in view in the DOM, however many there are', async () => {
    const items = Array.from({ length: 200 }, (_, i) => ({ row: i + 2, user_id: null, field: 'email', code: 'invalid_email', message: `bad ${i}` }));
    vi.stubGlobal('fetch', async () => new Response(JSON.stringify({ items, next_cursor: null }), { headers: { 'Content-Type': 'application/json' } }));
    // jsdom lays nothing out: give the scroller a height so the virtualiser has a window
    vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(400);
    vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(800);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(40); // each row measures 40 px
    renderWithProviders(<ErrorTable operationId={5} total={200} />);
    expect(await screen.findByText('bad 0')).toBeInTheDocument();
    const rows = screen.getAllByRole('row');
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.length).toBeLessThan(40);
    expect(screen.getByRole('link', { name: 'Download errors.csv' })).toHaveAttribute('href', '/api/users/bulk-operations/5/errors.csv');
    expect(screen.getByRole('table', { name: 'Row errors' })).toHaveAttribute('aria-rowcount', '201');
  });
});
