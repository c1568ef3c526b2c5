// The API as the journeys' arranger: it sets the stage (staff with MFA, a learner to find, a ticket to work) so that
// each journey does in the browser only what it is about. Bearer tokens, never the browser's cookies.
import { randomBytes } from 'node:crypto';
import { codeAt, currentStep } from './totp.js';

/** This worker's server: the global setup starts one per Playwright worker (E2E_BASE_URLS), and a worker keeps its
 * parallel index for the whole run, restarts included. */
export const base = (): string => ofThisWorker(required('E2E_BASE_URLS'));
/** This worker's server log (the e-mails `make run` prints), when the global setup started the server. */
export const serverLog = (): string | undefined =>
  process.env.E2E_SERVER_LOGS ? ofThisWorker(process.env.E2E_SERVER_LOGS) : undefined;

function ofThisWorker(list: string): string {
  const items = list.split(',');
  return items[Number(process.env.TEST_PARALLEL_INDEX ?? 0) % items.length]!;
}
export const password = (): string => required('E2E_PASSWORD');

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: the global setup (support/server.ts) starts the server`);
  return value;
}

export type Json = Record<string, unknown>;

export class Api {
  constructor(readonly token: string) {}

  static async login(username: string, secret = password()): Promise<Api> {
    const body = await call('POST', '/api/auth/login', { username, password: secret });
    if (typeof body.token !== 'string') throw new Error(`${username} got no token: ${JSON.stringify(body)}`);
    return new Api(body.token);
  }

  get(path: string): Promise<Json> {
    return call('GET', path, undefined, this.token);
  }

  post(path: string, body: Json = {}): Promise<Json> {
    return call('POST', path, body, this.token);
  }

  patch(path: string, body: Json): Promise<Json> {
    return call('PATCH', path, body, this.token);
  }
}

async function call(method: string, path: string, body?: Json, token?: string): Promise<Json> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(base() + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? (JSON.parse(text) as Json) : {};
}

/** A unique suffix: names in one run never collide, across browsers and tests. */
export function unique(): string {
  return randomBytes(3).toString('hex');
}

export type MfaStaff = { username: string; secret: string; recoveryCodes: string[]; lastStep: number };

/** A new staff member with MFA on: created by the platform admin, enrolled and confirmed with a first code. The
 * server refuses a code of a step it has already accepted, so `lastStep` says which steps are spent. */
export async function staffWithMfa(role: string): Promise<MfaStaff> {
  const admin = await Api.login('demo_platform_admin');
  const username = `e2e_${role}_${unique()}`;
  await admin.post('/api/staff/', { username, email: `${username}@example.com`, password: password(), role });
  const self = await Api.login(username);
  const enrolment = await self.post('/api/auth/mfa/totp');
  const secret = String(enrolment.secret);
  const step = currentStep();
  const confirmed = await self.post('/api/auth/mfa/totp/confirm', { code: codeAt(secret, step) });
  return { username, secret, recoveryCodes: confirmed.recovery_codes as string[], lastStep: step };
}

export type Learner = { id: number; username: string; firstName: string; lastName: string };

/** A new, active learner with a name nobody else has, so a fragment of it finds exactly one person. */
export async function newLearner(firstName: string): Promise<Learner> {
  const admin = await Api.login('demo_platform_admin');
  const tag = unique();
  const lastName = `Quillfeather${tag}`;
  const username = `learner_${tag}`;
  const created = await admin.post('/api/users/profiles/', {
    username,
    email: `${username}@example.com`,
    first_name: firstName,
    last_name: lastName,
    account_status: 'active',
  });
  const id = Number((created.summary as Json | undefined)?.id ?? created.id);
  return { id, username, firstName, lastName };
}

export type Ticket = { id: number; code: string; title: string; version: number };

/** A new ticket for a learner, opened by the support admin. */
export async function newTicket(learner: Learner, title: string): Promise<Ticket> {
  const admin = await Api.login('demo_support_admin');
  const body = await admin.post('/api/support/tickets/', {
    title,
    description: `Opened for the end-to-end journeys: ${title}.`,
    user_id: learner.id,
    priority: 'high',
  });
  return { id: Number(body.id), code: String(body.ticket_id), title, version: Number(body.version) };
}
