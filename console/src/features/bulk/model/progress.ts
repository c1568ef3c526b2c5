/** Live progress: the counters a `bulk.progress` event carries laid over the operation as last read, with the rate
 * and the time left worked out from them. */
import type { Operation, OperationStatus } from './search';

export type Counters = Pick<
  Operation,
  'status' | 'progress' | 'total_items' | 'processed' | 'success_count' | 'error_count' | 'skipped_count'
> & { rate_per_s: number | null; eta_s: number | null };

export type ProgressEvent = Omit<Counters, 'rate_per_s' | 'eta_s'> & { operation_id: number; at: string };

const STATUSES: readonly string[] = ['pending', 'awaiting_approval', 'in_progress', 'completed', 'failed', 'cancelled'];

/** A `bulk.progress` event's data, or null when it is not one for this operation. */
export function readProgress(data: unknown, operationId: number): ProgressEvent | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  const numbers = ['progress', 'total_items', 'processed', 'success_count', 'error_count', 'skipped_count'];
  if (d['operation_id'] !== operationId || !STATUSES.includes(String(d['status']))) return null;
  if (!numbers.every((k) => typeof d[k] === 'number')) return null;
  return d as unknown as ProgressEvent;
}

/** The counters after an event; rate and time left from the start to the event's time. */
export function applyProgress(op: Operation, e: ProgressEvent): Counters {
  const started = op.started_at ? Date.parse(op.started_at) : NaN;
  const seconds = (Date.parse(e.at) - started) / 1000;
  const rate = Number.isFinite(seconds) && seconds > 0 && e.processed > 0 ? e.processed / seconds : op.rate_per_s;
  const running = e.status === 'in_progress';
  const eta = running && rate ? Math.max(0, Math.round((e.total_items - e.processed) / rate)) : null;
  return {
    status: e.status as OperationStatus,
    progress: e.progress,
    total_items: e.total_items,
    processed: e.processed,
    success_count: e.success_count,
    error_count: e.error_count,
    skipped_count: e.skipped_count,
    rate_per_s: rate ?? null,
    eta_s: eta,
  };
}

export function countersOf(op: Operation): Counters {
  return {
    status: op.status,
    progress: op.progress,
    total_items: op.total_items,
    processed: op.processed,
    success_count: op.success_count,
    error_count: op.error_count,
    skipped_count: op.skipped_count,
    rate_per_s: op.rate_per_s,
    eta_s: op.eta_s,
  };
}

/** "1 h 02 min", "3 min 05 s", "12 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min ${String(r).padStart(2, '0')} s`;
  return `${r} s`;
}

/** The import template: the columns the API reads, and one example row. */
export const TEMPLATE_CSV =
  'username,email,first_name,last_name,platform_role,support_priority,account_status,courses\n' +
  'ana.silva,ana.silva@example.com,Ana,Silva,learner,normal,active,PYTH-100;STAT-101\n';
