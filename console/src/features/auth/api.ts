/**
 * The browser sign-in steps: password, then an authenticator or recovery code when MFA is on; a session whose
 * role requires MFA and has none comes back with scope 'mfa_enrolment' and must enrol before anything else.
 */
import { api, csrf, forgetCsrf, unwrap, type ApiError } from '@/lib/api';

export type LoginResult = {
  mfa_required: boolean;
  challenge: string | null;
  expires_at: string | null;
  scope: 'full' | 'mfa_enrolment' | null;
  user: unknown;
};

async function post<T>(path: string, body: unknown): Promise<T> {
  const token = await csrf();
  const response = await fetch(path, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...(token ? { 'X-CSRFToken': token } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : null;
  if (!response.ok) throw (parsed as ApiError | null) ?? new Error(response.statusText);
  return parsed as T;
}

export async function passwordStep(username: string, password: string): Promise<LoginResult> {
  const result = await post<LoginResult>('/api/auth/browser/login', { username, password });
  forgetCsrf(); // Django rotates the CSRF token at sign-in
  return result;
}

export async function mfaStep(challenge: string, secret: { code: string } | { recovery_code: string }): Promise<LoginResult> {
  const result = await post<LoginResult>('/api/auth/browser/login/mfa', { challenge, ...secret });
  forgetCsrf();
  return result;
}

export async function signOut(): Promise<void> {
  await api.POST('/api/auth/logout');
  forgetCsrf();
}

export function startEnrolment() {
  return unwrap(api.POST('/api/auth/mfa/totp'));
}

export function confirmEnrolment(code: string) {
  return unwrap(api.POST('/api/auth/mfa/totp/confirm', { body: { code } }));
}
