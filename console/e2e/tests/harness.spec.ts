// The arranger's own ground: its TOTP is RFC 6238's, and the server accepts it. API only, so one browser runs it.
import { Api, base, password, staffWithMfa } from '../support/api.js';
import { expect, test } from '../support/fixtures.js';
import { codeAt, currentStep } from '../support/totp.js';

test.beforeEach(({}, info) => test.skip(info.project.name !== 'chromium', 'no browser involved'));

test('codes match the RFC 6238 test vectors', () => {
  const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // "12345678901234567890"
  expect(codeAt(secret, Math.floor(59 / 30), 8)).toBe('94287082');
  expect(codeAt(secret, Math.floor(1111111109 / 30), 8)).toBe('07081804');
  expect(codeAt(secret, Math.floor(2000000000 / 30), 8)).toBe('69279037');
});

test('a staff member enrolled by the arranger signs in with the next code', async () => {
  const staff = await staffWithMfa('support_agent');
  const first = await fetch(`${base()}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: staff.username, password: password() }),
  }).then((r) => r.json());
  expect(first.mfa_required).toBe(true);
  const code = codeAt(staff.secret, Math.max(currentStep(), staff.lastStep + 1));
  const second = await fetch(`${base()}/api/auth/login/mfa`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ challenge: first.challenge, code }),
  }).then((r) => r.json());
  expect(typeof second.token).toBe('string');
  expect((await new Api(second.token).get('/api/auth/me')).username).toBe(staff.username);
});
