/** Who is looking at which ticket, from `ticket.presence` events (each valid for its `ttl_seconds`). */

export interface PresenceEvent {
  ticket: number;
  agent_id: number;
  username: string;
  at: string;
  ttl_seconds: number;
}

export interface Viewer {
  agentId: number;
  username: string;
  until: number;
}

export type PresenceMap = ReadonlyMap<number, readonly Viewer[]>;

export function isPresenceEvent(data: unknown): data is PresenceEvent {
  if (typeof data !== 'object' || data === null) return false;
  const d = data as Record<string, unknown>;
  return typeof d.ticket === 'number' && typeof d.agent_id === 'number' && typeof d.username === 'string';
}

/** The map with `e` recorded (its expiry counted from when it arrived, so clock skew does not matter). */
export function withPresence(map: PresenceMap, e: PresenceEvent, now: number): PresenceMap {
  const next = new Map(map);
  const until = now + Math.max(1, e.ttl_seconds) * 1000;
  const others = (map.get(e.ticket) ?? []).filter((v) => v.agentId !== e.agent_id);
  next.set(e.ticket, [...others, { agentId: e.agent_id, username: e.username, until }]);
  return next;
}

/** The map without expired viewers (the same object when nothing expired, so React can skip a render). */
export function pruned(map: PresenceMap, now: number): PresenceMap {
  let changed = false;
  const next = new Map<number, readonly Viewer[]>();
  for (const [ticket, viewers] of map) {
    const live = viewers.filter((v) => v.until > now);
    if (live.length !== viewers.length) changed = true;
    if (live.length) next.set(ticket, live);
  }
  return changed ? next : map;
}
