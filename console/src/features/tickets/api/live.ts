/** Live updates: events invalidate cached queries (they never build a second model of the data). */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';

import { useChannels } from '@/lib/events';

import { isPresenceEvent, pruned, TYPING_SIGNAL_MS, withPresence, type PresenceMap, type Viewer } from '../model/presence';
import { QUEUE_KEY } from './queue';
import { markPresence, ticketKey, AGENTS_KEY } from './ticket';
import type { Ticket } from './types';

const EMPTY: PresenceMap = new Map();

/** Viewers per ticket from presence events; expired viewers and lapsed typing are dropped every second. */
export function usePresenceMap(): [PresenceMap, (data: unknown) => void] {
  const [map, setMap] = useState<PresenceMap>(EMPTY);
  useEffect(() => {
    const timer = window.setInterval(() => setMap((m) => pruned(m, Date.now())), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const record = useCallback((data: unknown) => {
    if (isPresenceEvent(data)) setMap((m) => withPresence(m, data, Date.now()));
  }, []);
  return [map, record];
}

/** Calls `fn` at most once per `ms` (the last call wins), so a burst of events costs one refetch. */
function useThrottled(fn: () => void, ms: number): () => void {
  const timer = useRef<number | null>(null);
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => () => {
    if (timer.current !== null) window.clearTimeout(timer.current);
  }, []);
  return useCallback(() => {
    if (timer.current !== null) return;
    timer.current = window.setTimeout(() => {
      timer.current = null;
      latest.current();
    }, ms);
  }, [ms]);
}

/** The queue's channel: ticket events refresh the queue (at most once a second); presence feeds the avatars. */
export function useQueueLive(): PresenceMap {
  const qc = useQueryClient();
  const [presence, record] = usePresenceMap();
  const refresh = useThrottled(() => {
    void qc.invalidateQueries({ queryKey: QUEUE_KEY });
    void qc.invalidateQueries({ queryKey: AGENTS_KEY });
  }, 1000);
  useChannels(['tickets'], (e) => {
    if (e.type === 'ticket.presence') record(e.data);
    else if (e.type.startsWith('ticket.')) refresh();
  });
  return presence;
}

/** A ticket's own channel: another agent's change re-reads the ticket (unless the cache already has that
 * version); presence tells who else is looking. While the tab is visible this agent's presence is sent too. */
export function useTicketLive(id: number, meId: number | undefined): readonly Viewer[] {
  const qc = useQueryClient();
  const [presence, record] = usePresenceMap();
  useChannels([`ticket-${id}`], (e) => {
    if (e.type === 'ticket.presence') {
      record(e.data);
      return;
    }
    const data = e.data as { version?: unknown } | null;
    const cached = qc.getQueryData<Ticket>(ticketKey(id));
    if (cached && typeof data?.version === 'number' && data.version <= cached.version && e.type !== 'ticket.update_added') {
      return;
    }
    void qc.invalidateQueries({ queryKey: ticketKey(id) });
    void qc.invalidateQueries({ queryKey: QUEUE_KEY });
  });
  useEffect(() => {
    const beat = () => {
      if (document.visibilityState === 'visible') void markPresence(id).catch(() => undefined);
    };
    beat();
    const timer = window.setInterval(beat, 20_000);
    document.addEventListener('visibilitychange', beat);
    return () => {
      window.clearInterval(timer);
      document.removeEventListener('visibilitychange', beat);
    };
  }, [id]);
  return (presence.get(id) ?? []).filter((v) => v.agentId !== meId);
}

/** Tells the other agents this one is typing in the ticket's composer: call it on every keystroke; a signal leaves
 * at most once per TYPING_SIGNAL_MS (their consoles let it lapse a few seconds after the last one). */
export function useTypingSignal(id: number): () => void {
  const last = useRef(0);
  useEffect(() => {
    last.current = 0;
  }, [id]);
  return useCallback(() => {
    const now = Date.now();
    if (now - last.current < TYPING_SIGNAL_MS) return;
    last.current = now;
    void markPresence(id, true).catch(() => undefined);
  }, [id]);
}
