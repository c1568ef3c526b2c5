/**
 * The live event stream: ONE EventSource per tab on /events/?channel=…, over the union of the channels the
 * mounted screens ask for (`useChannels`). After a drop the browser's EventSource reconnects by itself and
 * sends Last-Event-ID, so the server replays what was missed; when the channel set changes the source is
 * re-opened with ?lastEventId= so nothing is lost in the switch. While the stream is down, `usePollWhileDown()`
 * gives queries a 5-second refetchInterval.
 */
import { useEffect, useRef, useSyncExternalStore } from 'react';

export type StreamEvent = { channel: string; type: string; data: unknown };
export type StreamState = 'open' | 'reconnecting';
type Handler = (e: StreamEvent) => void;

/** The event types the server publishes (domain.shared.events): EventSource only delivers named events to
 * listeners registered by name. Unnamed events arrive as 'message'. */
export const EVENT_TYPES = [
  'message',
  'account.created',
  'account.status_changed',
  'audit.recorded',
  'bulk.progress',
  'consent.changed',
  'impersonation.ended',
  'impersonation.rejected',
  'impersonation.requested',
  'impersonation.started',
  'monitoring.alert',
  'monitoring.group_changed',
  'monitoring.pulse',
  'privacy.request_changed',
  'security.event_raised',
  'security.event_resolved',
  'ticket.created',
  'ticket.escalated',
  'ticket.presence',
  'ticket.rated',
  'ticket.sla_warning',
  'ticket.update_added',
  'ticket.updated',
] as const;

/** Parse django-eventstream's resume id, "chan-a:12,chan-b:40", into per-channel positions. */
export function parseEventId(id: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of id.split(',')) {
    const at = part.lastIndexOf(':');
    if (at > 0) out.set(part.slice(0, at), part.slice(at + 1));
  }
  return out;
}

/** The channel an event came on: the one whose position moved since the previous id. */
export function channelOf(previous: Map<string, string>, next: Map<string, string>, channels: string[]): string {
  for (const [channel, position] of next) if (previous.get(channel) !== position) return channel;
  return channels.length === 1 ? (channels[0] ?? '') : '';
}

type SourceFactory = (url: string) => EventSource;

export class EventStream {
  private subscriptions = new Map<number, { channels: string[]; handler: Handler }>();
  private nextId = 1;
  private source: EventSource | null = null;
  private openChannels = '';
  private lastEventId = '';
  private positions = new Map<string, string>();
  private state: StreamState = 'open';
  private stateListeners = new Set<() => void>();
  private reopenTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly base = '/events/',
    private readonly factory: SourceFactory = (url) => new EventSource(url, { withCredentials: true }),
  ) {}

  subscribe(channels: string[], handler: Handler): () => void {
    const id = this.nextId++;
    this.subscriptions.set(id, { channels, handler });
    this.scheduleSync();
    return () => {
      this.subscriptions.delete(id);
      this.scheduleSync();
    };
  }

  getState = (): StreamState => this.state;

  onState = (listener: () => void): (() => void) => {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  };

  /** The channels every subscriber together wants, sorted (the URL is stable for the same set). */
  wanted(): string[] {
    const all = new Set<string>();
    for (const s of this.subscriptions.values()) for (const c of s.channels) all.add(c);
    return [...all].sort();
  }

  close(): void {
    this.source?.close();
    this.source = null;
    this.openChannels = '';
  }

  private setState(next: StreamState): void {
    if (next === this.state) return;
    this.state = next;
    for (const l of this.stateListeners) l();
  }

  private scheduleSync(): void {
    // Screens mount and unmount in one render: open once for the settled set, not once per hook.
    if (this.reopenTimer !== null) return;
    this.reopenTimer = setTimeout(() => {
      this.reopenTimer = null;
      this.sync();
    }, 0);
  }

  sync(): void {
    const channels = this.wanted();
    const key = channels.join(',');
    if (key === this.openChannels && this.source) return;
    this.close();
    if (channels.length === 0) {
      this.setState('open');
      return;
    }
    const params = new URLSearchParams();
    for (const c of channels) params.append('channel', c);
    const resume = this.resumeFor(channels);
    if (resume) params.set('lastEventId', resume);
    const source = this.factory(`${this.base}?${params.toString()}`);
    this.source = source;
    this.openChannels = key;
    source.onopen = () => this.setState('open');
    source.onerror = () => {
      // CONNECTING: the browser retries with Last-Event-ID; CLOSED (an HTTP error): retry ourselves, later.
      this.setState('reconnecting');
      if (source.readyState === 2 && this.source === source) {
        this.source = null;
        this.openChannels = '';
        setTimeout(() => this.sync(), 5000);
      }
    };
    const onEvent = (type: string) => (e: MessageEvent<string>) => this.dispatch(type, e, channels);
    for (const type of EVENT_TYPES) source.addEventListener(type, onEvent(type) as EventListener);
  }

  /** The resume point for a new channel set: the positions we hold for the channels we keep. */
  private resumeFor(channels: string[]): string {
    const parts = channels.filter((c) => this.positions.has(c)).map((c) => `${c}:${this.positions.get(c)}`);
    return parts.join(',');
  }

  private dispatch(type: string, e: MessageEvent<string>, channels: string[]): void {
    this.setState('open');
    let channel = channels.length === 1 ? (channels[0] ?? '') : '';
    if (e.lastEventId) {
      const next = parseEventId(e.lastEventId);
      channel = channelOf(this.positions, next, channels) || channel;
      for (const [c, p] of next) this.positions.set(c, p);
      this.lastEventId = e.lastEventId;
    }
    let data: unknown = e.data;
    try {
      data = JSON.parse(e.data);
    } catch {
      // not JSON: hand the text over as it came
    }
    const event: StreamEvent = { channel, type, data };
    for (const s of this.subscriptions.values()) {
      if (channel === '' || s.channels.includes(channel)) s.handler(event);
    }
  }

  /** The last resume id the server sent (tests, diagnostics). */
  get lastId(): string {
    return this.lastEventId;
  }
}

let shared: EventStream | null = null;

/** The tab's one stream. */
export function eventStream(): EventStream {
  shared ??= new EventStream();
  return shared;
}

/** Tests: use this stream instead of the tab's. */
export function setEventStream(stream: EventStream | null): void {
  shared?.close();
  shared = stream;
}

/** Receive the events of `channels` while mounted. The handler may change between renders. */
export function useChannels(channels: string[], onEvent: (e: StreamEvent) => void): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = [...channels].sort().join('|');
  useEffect(() => {
    if (!key) return undefined;
    return eventStream().subscribe(key.split('|'), (e) => handler.current(e));
  }, [key]);
}

export function useStreamState(): StreamState {
  const stream = eventStream();
  return useSyncExternalStore(stream.onState, stream.getState, stream.getState);
}

/** For a query's `refetchInterval`: 5 s while the stream is down, else no polling. */
export function usePollWhileDown(): number | false {
  return useStreamState() === 'reconnecting' ? 5000 : false;
}
