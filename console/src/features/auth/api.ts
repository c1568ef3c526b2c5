/**
 * The browser sign-in steps: password, then an authenticator or recovery code when MFA is on; a session whose
 * role requires MFA and has none comes back with scope 'mfa_enrolment' and must enrol before anything else.
 */
import { api, forgetCsrf, setCsrf, unwrap, type Schemas } from '@/lib/api';

export type LoginResult = Schemas['BrowserLoginOut'];

/** Whether the session may only enrol an authenticator (its scope is 'mfa_enrolment'). */
export function needsEnrolment(result: Pick<LoginResult, 'scope'>): boolean {
  return result.scope === 'mfa_enrolment';
}

function signedIn(result: LoginResult): LoginResult {
  // Django rotates the CSRF token when the session starts: use the new one from now on.
  if (result.csrf_token) setCsrf(result.csrf_token);
  else forgetCsrf();
  return result;
}

export async function passwordStep(username: string, password: string): Promise<LoginResult> {
  return signedIn(await unwrap(api.POST('/api/auth/browser/login', { body: { username, password } })));
}

export async function mfaStep(challenge: string, secret: { code: string } | { recovery_code: string }): Promise<LoginResult> {
  return signedIn(await unwrap(api.POST('/api/auth/browser/login/mfa', { body: { challenge, ...secret } })));
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
