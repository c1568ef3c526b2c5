import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeFetch, renderWithProviders } from '@/test/render';
import { SignInForm } from './SignInForm';

const user = { id: 1, username: 'ana' };

beforeEach(() => {
  document.cookie = 'csrftoken=tok123; path=/';
});

afterEach(() => {
  vi.unstubAllGlobals();
  document.cookie = 'csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
});

describe('SignInForm', () => {
  it('has the accessible names the end-to-end tests use', () => {
    renderWithProviders(<SignInForm onSignedIn={() => undefined} />);
    expect(screen.getByLabelText('Username')).toBeInTheDocument();
    expect(screen.getByLabelText('Password')).toHaveAttribute('type', 'password');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('says what is missing beside the field, without calling the server', async () => {
    const api = fakeFetch({});
    vi.stubGlobal('fetch', vi.fn(api.impl));
    renderWithProviders(<SignInForm onSignedIn={() => undefined} />);
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(screen.getByText('Enter your username.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveFocus();
    expect(api.calls).toHaveLength(0);
  });

  it('shows the API’s message when the password is wrong, and clears the password', async () => {
    const api = fakeFetch({
      'POST /api/auth/browser/login': () => ({
        status: 401,
        body: { error: { code: 'invalid_credentials', message: 'Wrong username or password.', details: {} } },
      }),
    });
    vi.stubGlobal('fetch', vi.fn(api.impl));
    renderWithProviders(<SignInForm onSignedIn={() => undefined} />);
    await userEvent.type(screen.getByLabelText('Username'), 'ana');
    await userEvent.type(screen.getByLabelText('Password'), 'nope');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Wrong username or password.');
    expect(screen.getByLabelText('Password')).toHaveValue('');
    expect(api.calls[0]?.headers.get('X-CSRFToken')).toBe('tok123');
  });

  it('signs in without MFA in one step', async () => {
    const api = fakeFetch({
      'POST /api/auth/browser/login': () => ({
        status: 200,
        body: { mfa_required: false, challenge: null, expires_at: null, scope: 'full', user },
      }),
    });
    vi.stubGlobal('fetch', vi.fn(api.impl));
    const onSignedIn = vi.fn();
    renderWithProviders(<SignInForm onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText('Username'), ' ana ');
    await userEvent.type(screen.getByLabelText('Password'), 'secret');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledWith(expect.objectContaining({ scope: 'full' })));
    expect(api.calls[0]?.body).toEqual({ username: 'ana', password: 'secret' });
  });

  it('asks for the authenticator code, or a recovery code, then signs in', async () => {
    const api = fakeFetch({
      'POST /api/auth/browser/login': () => ({
        status: 200,
        body: { mfa_required: true, challenge: 'ch-1', expires_at: '2030-01-01T00:00:00Z', scope: null, user: null },
      }),
      'POST /api/auth/browser/login/mfa': (body) =>
        (body as { recovery_code?: string }).recovery_code === 'abcd-efgh'
          ? { status: 200, body: { mfa_required: false, challenge: null, expires_at: null, scope: 'full', user } }
          : { status: 400, body: { error: { code: 'wrong_mfa_code', message: 'That code is not right.', details: {} } } },
    });
    vi.stubGlobal('fetch', vi.fn(api.impl));
    const onSignedIn = vi.fn();
    renderWithProviders(<SignInForm onSignedIn={onSignedIn} />);
    await userEvent.type(screen.getByLabelText('Username'), 'ana');
    await userEvent.type(screen.getByLabelText('Password'), 'secret');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    const code = await screen.findByLabelText('Authentication code');
    await waitFor(() => expect(code).toHaveFocus());
    await userEvent.type(code, '123 456');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText('That code is not right.')).toBeInTheDocument();
    expect(api.calls[1]?.body).toEqual({ challenge: 'ch-1', code: '123456' });

    await userEvent.click(screen.getByRole('switch', { name: 'Use a recovery code' }));
    const recovery = screen.getByLabelText('Recovery code');
    await userEvent.type(recovery, 'abcd-efgh');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(onSignedIn).toHaveBeenCalledTimes(1));
    expect(api.calls[2]?.body).toEqual({ challenge: 'ch-1', recovery_code: 'abcd-efgh' });
  });

  it('starts over when the MFA challenge has expired', async () => {
    const api = fakeFetch({
      'POST /api/auth/browser/login': () => ({
        status: 200,
        body: { mfa_required: true, challenge: 'old', expires_at: null, scope: null, user: null },
      }),
      'POST /api/auth/browser/login/mfa': () => ({
        status: 400,
        body: { error: { code: 'mfa_challenge_expired', message: 'Expired.', details: {} } },
      }),
    });
    vi.stubGlobal('fetch', vi.fn(api.impl));
    renderWithProviders(<SignInForm onSignedIn={() => undefined} />);
    await userEvent.type(screen.getByLabelText('Username'), 'ana');
    await userEvent.type(screen.getByLabelText('Password'), 'secret');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await userEvent.type(await screen.findByLabelText('Authentication code'), '123456');
    await userEvent.click(screen.getByRole('button', { name: 'Verify' }));
    expect(await screen.findByText(/took too long/)).toBeInTheDocument();
    expect(screen.getByLabelText('Password')).toBeInTheDocument();
  });
});
