/**
 * The sign-in form: username and password, then (when MFA is on) the authenticator code or a recovery code.
 * Used by the /login page and by the "session expired" modal, which keeps the screen behind it intact.
 * Plain controlled fields (no form library): the sign-in page is the first download and stays small.
 */
import { Alert, Button, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { errorCode, errorMessage, fieldErrors } from '@/lib/api';
import { t } from '@/lib/i18n';
import { mfaStep, passwordStep, type LoginResult } from './api';

const EXPIRED_CHALLENGE = new Set(['mfa_challenge_expired', 'invalid_mfa_challenge', 'mfa_challenge_invalid']);

type Errors = { username?: string | undefined; password?: string | undefined; form?: string | undefined };

function PasswordStep({ onDone, username: fixed }: { onDone: (r: LoginResult) => void; username?: string }): ReactNode {
  const [username, setUsername] = useState(fixed ?? '');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found: Errors = {
      username: username.trim() ? undefined : t('auth.usernameRequired'),
      password: password ? undefined : t('auth.passwordRequired'),
    };
    if (found.username || found.password) {
      setErrors(found);
      (found.username ? usernameRef : passwordRef).current?.focus();
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      onDone(await passwordStep(username.trim(), password));
    } catch (err) {
      const fields = fieldErrors(err);
      setErrors({
        username: fields['username'],
        password: fields['password'],
        form: fields['username'] || fields['password'] ? undefined : errorMessage(err),
      });
      setPassword('');
      passwordRef.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-describedby={errors.form ? 'signin-error' : undefined}>
      <Stack gap="md">
        <TextInput
          ref={usernameRef}
          label={t('auth.username')}
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          required
          withAsterisk={false}
          readOnly={fixed !== undefined}
          value={username}
          onChange={(e) => setUsername(e.currentTarget.value)}
          error={errors.username}
        />
        <TextInput
          ref={passwordRef}
          type="password"
          label={t('auth.password')}
          name="password"
          autoComplete="current-password"
          required
          withAsterisk={false}
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.password}
        />
        {errors.form ? (
          <Alert color="red" variant="light" id="signin-error" role="alert">
            {errors.form}
          </Alert>
        ) : null}
        <Button type="submit" loading={busy} fullWidth>
          {t('auth.signIn')}
        </Button>
      </Stack>
    </form>
  );
}

function MfaStep({
  challenge,
  onDone,
  onRestart,
}: {
  challenge: string;
  onDone: (r: LoginResult) => void;
  onRestart: (message: string | null) => void;
}): ReactNode {
  const [recovery, setRecovery] = useState(false);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), [recovery]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!secret.trim()) {
      setError(t('auth.codeRequired'));
      input.current?.focus();
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      onDone(await mfaStep(challenge, recovery ? { recovery_code: secret.trim() } : { code: secret.replace(/\s/g, '') }));
    } catch (err) {
      if (EXPIRED_CHALLENGE.has(errorCode(err) ?? '')) {
        onRestart(t('auth.challengeExpired'));
        return;
      }
      const fields = fieldErrors(err);
      setError(fields['code'] ?? fields['recovery_code'] ?? errorMessage(err));
      setSecret('');
      input.current?.focus();
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">{recovery ? t('auth.mfaRecoveryIntro') : t('auth.mfaIntro')}</Text>
        <TextInput
          key={recovery ? 'recovery' : 'code'}
          ref={input}
          label={recovery ? t('auth.recoveryCode') : t('auth.code')}
          name={recovery ? 'recovery_code' : 'code'}
          autoComplete={recovery ? 'off' : 'one-time-code'}
          inputMode={recovery ? 'text' : 'numeric'}
          autoCapitalize="none"
          spellCheck={false}
          required
          withAsterisk={false}
          value={secret}
          onChange={(e) => setSecret(e.currentTarget.value)}
          error={error}
        />
        <Switch
          label={t('auth.useRecovery')}
          checked={recovery}
          onChange={(e) => {
            setRecovery(e.currentTarget.checked);
            setSecret('');
            setError(undefined);
          }}
        />
        <Button type="submit" loading={busy} fullWidth>
          {t('auth.verify')}
        </Button>
        <Button variant="subtle" onClick={() => onRestart(null)}>
          {t('auth.startOver')}
        </Button>
      </Stack>
    </form>
  );
}

/** The whole sign-in, step by step. `onSignedIn` gets the final answer (scope 'full' or 'mfa_enrolment'). */
export function SignInForm({
  onSignedIn,
  username,
}: {
  onSignedIn: (result: LoginResult) => void | Promise<void>;
  /** Pre-filled and fixed: signing in again after the session expired. */
  username?: string;
}): ReactNode {
  const [challenge, setChallenge] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const finish = (result: LoginResult) => {
    if (result.mfa_required && result.challenge) {
      setNotice(null);
      setChallenge(result.challenge);
    } else void onSignedIn(result);
  };
  return (
    <div>
      {notice ? (
        <Alert color="yellow" variant="light" mb="md" role="status">
          {notice}
        </Alert>
      ) : null}
      {challenge ? (
        <MfaStep
          challenge={challenge}
          onDone={finish}
          onRestart={(message) => {
            setNotice(message);
            setChallenge(null);
          }}
        />
      ) : (
        <PasswordStep onDone={finish} {...(username !== undefined ? { username } : {})} />
      )}
    </div>
  );
}
