/**
 * The typed API client. `api` is openapi-fetch over the generated `paths` (same origin, session cookie);
 * `$api` is its TanStack Query binding (`$api.useQuery('get', '/api/...', { params })`). Every unsafe request
 * carries X-CSRFToken; a 401 after sign-in opens the "session expired" flow instead of losing the screen.
 */
import createFetchClient, { type Middleware } from 'openapi-fetch';
import createQueryClient from 'openapi-react-query';
import type { components, paths } from '@api/schema';
import { t } from './i18n';
import { session } from './session';

export type ApiError = components['schemas']['ErrorOut'];
export type Schemas = components['schemas'];

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);
/** Answers that mean "not signed in" for the sign-in steps themselves, not an expired session. */
const AUTH_STEPS = ['/api/auth/browser/login', '/api/auth/csrf', '/api/auth/logout'];

let csrfToken: string | null = null;
let csrfPending: Promise<string | null> | null = null;

export function readCookie(name: string): string | null {
  for (const part of document.cookie ? document.cookie.split(';') : []) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return null;
}

/** The CSRF token: the csrftoken cookie, else one GET /api/auth/csrf (shared by concurrent callers). */
export async function csrf(): Promise<string | null> {
  const fromCookie = readCookie('csrftoken');
  if (fromCookie) return fromCookie;
  if (csrfToken) return csrfToken;
  csrfPending ??= fetch('/api/auth/csrf', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
    .then(async (r) => (r.ok ? ((await r.json()) as Schemas['CsrfOut']).csrf_token : null))
    .catch(() => null)
    .then((token) => {
      csrfToken = token;
      csrfPending = null;
      return readCookie('csrftoken') ?? token;
    });
  return csrfPending;
}

/** Forget the CSRF token (Django rotates it at sign-in). */
export function forgetCsrf(): void {
  csrfToken = null;
}

/** The token a sign-in answered (used when the cookie cannot be read). */
export function setCsrf(token: string): void {
  csrfToken = token;
}

export const csrfMiddleware: Middleware = {
  async onRequest({ request }) {
    if (SAFE.has(request.method.toUpperCase())) return undefined;
    const token = await csrf();
    if (token) request.headers.set('X-CSRFToken', token);
    return request;
  },
};

export const sessionMiddleware: Middleware = {
  onResponse({ request, response }) {
    if (response.status !== 401) return undefined;
    const path = new URL(request.url, window.location.origin).pathname;
    if (!AUTH_STEPS.some((step) => path.startsWith(step))) session.unauthorised();
    return undefined;
  },
};

export const api = createFetchClient<paths>({
  // Same origin. Spelled out because a Request needs an absolute URL outside a page (tests).
  baseUrl: globalThis.location?.origin ?? '',
  credentials: 'same-origin',
  // Looked up per call, so a test's fetch double applies.
  fetch: (request: Request) => globalThis.fetch(request),
  headers: { Accept: 'application/json' },
});
api.use(csrfMiddleware, sessionMiddleware);

export const $api = createQueryClient(api);

export function isApiError(e: unknown): e is ApiError {
  if (typeof e !== 'object' || e === null || !('error' in e)) return false;
  const inner = (e as { error: unknown }).error;
  return typeof inner === 'object' && inner !== null && 'message' in inner && 'code' in inner;
}

/** The error in plain words: the API's message, else a sentence for a network or unknown failure. */
export function errorMessage(e: unknown): string {
  if (isApiError(e)) return e.error.message;
  if (e instanceof TypeError) return t('common.networkError');
  if (e instanceof Error && e.message) return e.message;
  return t('common.unknownError');
}

/** The API's error code, or null. */
export function errorCode(e: unknown): string | null {
  return isApiError(e) ? String(e.error.code) : null;
}

/** Field errors from a 422 (details.fields: [{loc, msg}]) or a domain error's details.field, by field name. */
export function fieldErrors(e: unknown): Record<string, string> {
  if (!isApiError(e)) return {};
  const details = e.error.details as Record<string, unknown>;
  const out: Record<string, string> = {};
  const fields = details['fields'];
  if (Array.isArray(fields)) {
    for (const f of fields as { loc?: unknown[]; msg?: string }[]) {
      const name = f.loc && f.loc.length > 0 ? String(f.loc[f.loc.length - 1]) : '';
      if (name && f.msg) out[name] = f.msg;
    }
  }
  const field = details['field'];
  if (typeof field === 'string') out[field] = e.error.message;
  return out;
}

/** Unwrap an openapi-fetch result for imperative calls: the data, or throw the error body. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined || !response.ok) throw error ?? new Error(response.statusText);
  return data as T;
}
