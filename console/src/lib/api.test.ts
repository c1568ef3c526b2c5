import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch } from '@/test/render';
import { api, errorMessage, fieldErrors, forgetCsrf } from './api';
import { session } from './session';

beforeEach(() => {
  session.reset();
  forgetCsrf();
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.cookie = 'csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
});

describe('the API client', () => {
  it('fetches the CSRF token once when the cookie is missing and sends it on unsafe methods only', async () => {
    const routes = fakeFetch({
      'GET /api/auth/csrf': () => ({ status: 200, body: { csrf_token: 'fresh' } }),
      'POST /api/auth/logout': () => ({ status: 204 }),
      'GET /api/auth/me': () => ({ status: 200, body: {} }),
    });
    vi.stubGlobal('fetch', vi.fn(routes.impl));
    await api.GET('/api/auth/me');
    await api.POST('/api/auth/logout');
    await api.POST('/api/auth/logout');
    const paths = routes.calls.map((c) => `${c.method} ${c.path}`);
    expect(paths).toEqual(['GET /api/auth/me', 'GET /api/auth/csrf', 'POST /api/auth/logout', 'POST /api/auth/logout']);
    expect(routes.calls[0]?.headers.get('X-CSRFToken')).toBeNull();
    expect(routes.calls[2]?.headers.get('X-CSRFToken')).toBe('fresh');
  });

  it('turns a 401 after sign-in into an expired session, not a signed-out one', async () => {
    const routes = fakeFetch({
      'GET /api/auth/me': () => ({
        status: 401,
        body: { error: { code: 'not_authenticated', message: 'Sign in.', details: {} } },
      }),
    });
    vi.stubGlobal('fetch', vi.fn(routes.impl));
    await api.GET('/api/auth/me');
    expect(session.get()).toBe('signed-out');
    session.signedIn();
    await api.GET('/api/auth/me');
    expect(session.get()).toBe('expired');
  });
});

describe('errors in plain words', () => {
  const body = {
    error: {
      code: 'validation_error',
      message: 'The request is not valid.',
      details: { fields: [{ loc: ['body', 'reason'], msg: 'Field required', type: 'missing' }] },
    },
  };

  it('gives the API’s message and the field errors by field name', () => {
    expect(errorMessage(body)).toBe('The request is not valid.');
    expect(fieldErrors(body)).toEqual({ reason: 'Field required' });
  });

  it('explains a network failure', () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toMatch(/could not be reached/);
  });
});
