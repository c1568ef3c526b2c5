/** An alert rule as a form holds it (text fields), to and from the API, and the API's field errors by form field. */
import { isApiError } from '@/lib/api';

export interface RuleValues {
  enabled: boolean;
  thresholds: Record<string, string>;
  recipients: string;
  email: boolean;
  webhook: boolean;
  webhook_url: string;
  quiet_from: string;
  quiet_until: string;
}

interface RuleLike {
  enabled: boolean;
  thresholds: Record<string, number>;
  recipients: string[];
  channels: string[];
  webhook_url?: string | null;
  quiet_from?: number | null;
  quiet_until?: number | null;
}

export function toValues(r: RuleLike): RuleValues {
  return {
    enabled: r.enabled,
    thresholds: Object.fromEntries(Object.entries(r.thresholds).map(([k, v]) => [k, String(v)])),
    recipients: r.recipients.join(', '),
    email: r.channels.includes('email'),
    webhook: r.channels.includes('webhook'),
    webhook_url: r.webhook_url ?? '',
    quiet_from: r.quiet_from === null || r.quiet_from === undefined ? '' : String(r.quiet_from),
    quiet_until: r.quiet_until === null || r.quiet_until === undefined ? '' : String(r.quiet_until),
  };
}

const hour = (s: string): number | null => (s.trim() === '' ? null : Number(s));

/** The body to send: numbers as typed (the server says what is wrong with them). */
export function toBody(v: RuleValues) {
  return {
    enabled: v.enabled,
    thresholds: Object.fromEntries(Object.entries(v.thresholds).map(([k, s]) => [k, Number(s.trim() === '' ? NaN : s)])),
    recipients: v.recipients.split(/[\s,;]+/).filter(Boolean),
    channels: [...(v.email ? ['email'] : []), ...(v.webhook ? ['webhook'] : [])],
    webhook_url: v.webhook_url.trim() || null,
    quiet_from: hour(v.quiet_from),
    quiet_until: hour(v.quiet_until),
  };
}

/** The 422's details.fields by form field: `thresholds.users`, `recipients` (any address), `channels`, ... */
export function ruleErrors(e: unknown): Record<string, string> {
  if (!isApiError(e)) return {};
  const fields = (e.error.details as Record<string, unknown>)['fields'];
  const out: Record<string, string> = {};
  if (!Array.isArray(fields)) return out;
  for (const f of fields as { loc?: unknown[]; msg?: string }[]) {
    const parts = (f.loc ?? []).map(String).filter((p) => p !== 'body');
    const name = parts[0] === 'thresholds' ? parts.slice(0, 2).join('.') : (parts[0] ?? '');
    if (name && f.msg && !(name in out)) out[name] = f.msg;
  }
  return out;
}
