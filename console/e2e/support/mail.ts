// The e-mails the live server sends: `make run` prints them (Django's console backend) into the server's log, so a
// journey finds a link there by its path, for one recipient.
import { readFileSync } from 'node:fs';
import { expect } from '@playwright/test';
import { serverLog } from './api.js';

/** The newest link to `path` in an e-mail to `to`, as a path with its query (the host in e-mails is the configured
 * one, not the test server's). */
export async function mailedLink(to: string, path: string, after = 0): Promise<string> {
  const log = serverLog();
  if (!log) throw new Error('no server log: this journey needs a server the global setup starts (not E2E_BASE_URL)');
  let found = '';
  await expect
    .poll(() => {
      const text = readFileSync(log, 'utf8').slice(after);
      const mails = text.split(/^Content-Type: /m).filter((m) => m.includes(`To: ${to}`));
      const links = mails.flatMap((m) => [...m.matchAll(new RegExp(`https?://[^\\s/]+(${path}\\?token=[A-Za-z0-9_.~%=-]+)`, 'g'))]);
      found = links.length ? links[links.length - 1]![1]! : '';
      return found;
    }, { timeout: 20_000 })
    .not.toBe('');
  return found;
}

export function logSize(): number {
  const log = serverLog();
  return log ? readFileSync(log).length : 0;
}
