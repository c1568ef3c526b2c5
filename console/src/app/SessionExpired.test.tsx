import { act, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { session } from '@/lib/session';
import { fakeFetch, renderWithProviders } from '@/test/render';
import { SessionExpiredModal } from './SessionExpired';

const me = {
  id: 3,
  username: 'agent',
  email: 'a@example.org',
  roles: ['support_agent'],
  permissions: ['profiles.read'],
  is_superuser: false,
  mfa_enrolled: false,
  mfa_required: false,
  recovery_codes_left: 0,
  scope: 'full',
  impersonation: null,
};

beforeEach(() => session.reset());
afterEach(() => vi.unstubAllGlobals());

describe('a session that ends mid-work', () => {
  it('asks to sign in again in a modal over the screen, with the username kept', async () => {
    const api = fakeFetch({ 'GET /api/auth/me': () => ({ status: 200, body: me }) });
    vi.stubGlobal('fetch', vi.fn(api.impl));
    renderWithProviders(
      <>
        <textarea aria-label="Reply" defaultValue="half-written answer" />
        <SessionExpiredModal />
      </>,
    );
    await vi.waitFor(() => expect(session.get()).toBe('signed-in'));
    expect(screen.queryByText('Your session has ended')).toBeNull();
    act(() => session.unauthorised());
    expect(await screen.findByText('Your session has ended')).toBeInTheDocument();
    expect(screen.getByLabelText('Username')).toHaveValue('agent');
    expect(screen.getByLabelText('Password')).toBeInTheDocument();
    expect(screen.getByLabelText('Reply', { selector: 'textarea' })).toHaveValue('half-written answer');
  });
});
