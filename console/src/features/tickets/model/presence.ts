/** Who is looking at which ticket, and who is typing in its composer, from `ticket.presence` events (each valid
 * for its `ttl_seconds`; a typing signal for TYPING_MS, renewed while the agent keeps typing). */

export interface PresenceEvent {
  ticket: number;
  agent_id: number;
  username: string;
  at: string;
  ttl_seconds: number;
  typing?: boolean;
}

export interface Viewer {
  agentId: number;
  username: string;
  until: number;
  /** When the last typing signal lapses (0: not typing). */
  typingUntil: number;
}

export type PresenceMap = ReadonlyMap<number, readonly Viewer[]>;

/** How long "is typing" lasts without a new signal. */
export const TYPING_MS = 6000;
/** The least time between two typing signals this agent sends. */
export const TYPING_SIGNAL_MS = 3000;

export function isPresenceEvent(data: unknown): data is PresenceEvent {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return typeof d.ticket === 'number' && typeof d.agent_id === 'number' && typeof d.username === 'string';
}

/** The map with `e` recorded (its expiry counted from when it arrived, so clock skew does not matter). A heartbeat
 * without `typing` says nothing about typing: a signal already running keeps its time. */
export function withPresence(map: PresenceMap, e: PresenceEvent, now: number): PresenceMap {
  const next = new Map(map);
  const until = now + Math.max(1, e.ttl_seconds) * 1000;
  const viewers = map.get(e.ticket) ?? [];
  const before = viewers.find((v) => v.agentId === e.agent_id);
  const typingUntil = e.typing === true ? now + TYPING_MS : (before?.typingUntil ?? 0);
  const others = viewers.filter((v) => v.agentId !== e.agent_id);
  next.set(e.ticket, [...others, { agentId: e.agent_id, username: e.username, until, typingUntil }]);
  return next;
}

/** The map without expired viewers and lapsed typing (the same object when nothing changed, so React can skip a
 * render). */
export function pruned(map: PresenceMap, now: number): PresenceMap {
  let changed = false;
  const next = new Map<number, readonly Viewer[]>();
  for (const [ticket, viewers] of map) {
    const live = viewers
      .filter((v) => v.until > now)
      .map((v) => (v.typingUntil !== 0 && v.typingUntil <= now ? { ...v, typingUntil: 0 } : v));
    if (live.length !== viewers.length || live.some((v, i) => v !== viewers[i])) changed = true;
    if (live.length) next.set(ticket, live);
  }
  return changed ? next : map;
}

/** The viewers who are typing now (their signal has not lapsed at the last prune). */
export function typists(viewers: readonly Viewer[]): readonly Viewer[] {
  return viewers.filter((v) => v.typingUntil > 0);
}
