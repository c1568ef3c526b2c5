import { act, renderHook } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { channelOf, EventStream, parseEventId, setEventStream, useChannels, usePollWhileDown, useStreamState } from './events';

/** An EventSource double: the test opens, fails and feeds it by hand. */
class FakeSource {
  static all: FakeSource[] = [];
  readyState = 0;
  closed = false;
  onopen: (() => void) | null = null;
  onerror: (() => void) | null = null;
  listeners = new Map<string, ((e: MessageEvent<string>) => void)[]>();
  constructor(public url: string) {
    FakeSource.all.push(this);
  }
  addEventListener(type: string, fn: (e: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  close(): void {
    this.closed = true;
    this.readyState = 2;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }
  drop(): void {
    this.readyState = 0; // the browser reconnects by itself, sending Last-Event-ID
    this.onerror?.();
  }
  emit(type: string, data: unknown, id: string): void {
    const event = new MessageEvent<string>(type, { data: JSON.stringify(data), lastEventId: id });
    for (const fn of this.listeners.get(type) ?? []) fn(event);
  }
  channels(): string[] {
    return new URL(this.url, 'http://x').searchParams.getAll('channel');
  }
}

let stream: EventStream;

beforeEach(() => {
  vi.useFakeTimers();
  FakeSource.all = [];
  stream = new EventStream('/events/', (url) => new FakeSource(url) as unknown as EventSource);
  setEventStream(stream);
});

afterEach(() => {
  setEventStream(null);
  vi.useRealTimers();
});

const settle = () => act(() => vi.advanceTimersByTime(1));

describe('the resume id', () => {
  it('parses channel:position pairs, channel names with dashes included', () => {
    expect([...parseEventId('ticket-12:40,users:7')]).toEqual([
      ['ticket-12', '40'],
      ['users', '7'],
    ]);
  });

  it('names the channel whose position moved', () => {
    const before = parseEventId('tickets:4,users:7');
    expect(channelOf(before, parseEventId('tickets:4,users:8'), ['tickets', 'users'])).toBe('users');
  });
});

describe('one stream per tab', () => {
  it('opens a single EventSource over the union of the mounted screens’ channels', async () => {
    renderHook(() => useChannels(['users'], () => undefined));
    renderHook(() => useChannels(['tickets', 'users'], () => undefined));
    await settle();
    expect(FakeSource.all).toHaveLength(1);
    expect(FakeSource.all[0]?.channels()).toEqual(['tickets', 'users']);
  });

  it('delivers each event to the subscribers of its channel only', async () => {
    const users = vi.fn();
    const tickets = vi.fn();
    renderHook(() => useChannels(['users'], users));
    renderHook(() => useChannels(['tickets'], tickets));
    await settle();
    const source = FakeSource.all[0]!;
    source.open();
    source.emit('ticket.updated', { id: 3 }, 'tickets:1,users:0');
    source.emit('account.status_changed', { user_id: 9 }, 'tickets:1,users:1');
    expect(tickets).toHaveBeenCalledWith({ channel: 'tickets', type: 'ticket.updated', data: { id: 3 } });
    expect(tickets).toHaveBeenCalledTimes(1);
    expect(users).toHaveBeenCalledWith({ channel: 'users', type: 'account.status_changed', data: { user_id: 9 } });
    expect(users).toHaveBeenCalledTimes(1);
  });

  it('re-opens from where it was when the channel set changes, so nothing is missed in the switch', async () => {
    const first = renderHook(() => useChannels(['users'], () => undefined));
    await settle();
    FakeSource.all[0]!.open();
    FakeSource.all[0]!.emit('account.created', {}, 'users:41');
    first.unmount();
    renderHook(() => useChannels(['users', 'ticket-5'], () => undefined));
    await settle();
    expect(FakeSource.all[0]!.closed).toBe(true);
    const second = FakeSource.all[1]!;
    expect(second.channels()).toEqual(['ticket-5', 'users']);
    expect(new URL(second.url, 'http://x').searchParams.get('lastEventId')).toBe('users:41');
  });

  it('closes the stream when no screen listens', async () => {
    const hook = renderHook(() => useChannels(['users'], () => undefined));
    await settle();
    hook.unmount();
    await settle();
    expect(FakeSource.all[0]!.closed).toBe(true);
  });
});

describe('stream state', () => {
  it('shows reconnecting after a drop and polls every 5 s only while down', async () => {
    renderHook(() => useChannels(['users'], () => undefined));
    const state = renderHook(() => ({ state: useStreamState(), poll: usePollWhileDown() }));
    await settle();
    const source = FakeSource.all[0]!;
    act(() => source.open());
    expect(state.result.current).toEqual({ state: 'open', poll: false });
    act(() => source.drop());
    expect(state.result.current).toEqual({ state: 'reconnecting', poll: 5000 });
    act(() => source.open()); // the browser's own reconnect (with Last-Event-ID) succeeded
    expect(state.result.current).toEqual({ state: 'open', poll: false });
    expect(FakeSource.all).toHaveLength(1);
  });

  it('opens a new source itself when the server refused the reconnect', async () => {
    renderHook(() => useChannels(['users'], () => undefined));
    await settle();
    const source = FakeSource.all[0]!;
    act(() => {
      source.readyState = 2;
      source.onerror?.();
    });
    expect(stream.getState()).toBe('reconnecting');
    act(() => vi.advanceTimersByTime(5000));
    expect(FakeSource.all).toHaveLength(2);
  });
});
