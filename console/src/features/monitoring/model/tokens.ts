/** The error stream's search box: `key:value` tokens (Sentry style) mapped onto the API's filters. Values may be
 * quoted (`page:"/courses/a b"`); unknown keys and bare words are kept as `rest` and shown as not understood. */
export type Tokens = {
  status?: 'unresolved' | 'resolved' | 'ignored' | 'regressed';
  new?: boolean;
  release?: string;
  page?: string;
  source?: 'client' | 'server';
  rest: string[];
};

const STATUSES = ['unresolved', 'resolved', 'ignored', 'regressed'] as const;

export function splitTokens(q: string): string[] {
  return q.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
}

export function parseTokens(q: string): Tokens {
  const out: Tokens = { rest: [] };
  for (const raw of splitTokens(q)) {
    const at = raw.indexOf(':');
    const key = at > 0 ? raw.slice(0, at).toLowerCase() : '';
    const value = (at > 0 ? raw.slice(at + 1) : raw).replace(/"/g, '');
    if (key === 'is' && (STATUSES as readonly string[]).includes(value)) out.status = value as Tokens['status'];
    else if (key === 'is' && (value === 'new' || value === 'ongoing')) out.new = value === 'new';
    else if (key === 'release' && value) out.release = value;
    else if ((key === 'page' || key === 'route') && value) out.page = value;
    else if (key === 'source' && (value === 'client' || value === 'server')) out.source = value;
    else out.rest.push(raw);
  }
  return out;
}
