/** One session's timeline: its page views, errors and slow calls merged in time order. */
import type { SessionDetail } from '../api/monitoring';

export type TimelineEntry =
  | { kind: 'page'; at: string; title: string; url: string }
  | { kind: 'error'; at: string; groupId: number; errorType: string; message: string }
  | { kind: 'slow'; at: string; route: string; durationMs: number };

export function timeline(d: Pick<SessionDetail, 'pages' | 'errors' | 'slow_calls'>): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...d.pages.map((p): TimelineEntry => ({ kind: 'page', at: p.at, title: p.title, url: p.url })),
    ...d.errors.map((e): TimelineEntry => ({ kind: 'error', at: e.at, groupId: e.group_id, errorType: e.error_type, message: e.message })),
    ...d.slow_calls.map((c): TimelineEntry => ({ kind: 'slow', at: c.at, route: c.route, durationMs: c.duration_ms })),
  ];
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}
