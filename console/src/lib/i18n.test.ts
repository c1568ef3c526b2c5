import { describe, expect, it } from 'vitest';
import { en } from './messages/en';
import { formatRelative, setLocale, t } from './i18n';

describe('t', () => {
  it('returns the English message for a key', () => {
    expect(t('auth.signIn')).toBe('Sign in');
    expect(t('auth.username')).toBe('Username');
  });

  it('fills placeholders, formatting numbers', () => {
    expect(t('shell.account', { name: 'ana' })).toBe('Signed in as ana');
    expect(t('learners.totalEstimate', { count: '12,000' })).toBe('about 12,000 learners');
  });

  it('picks the plural form by count and writes the count in place of #', () => {
    expect(t('learners.total', { count: 1 })).toBe('1 learner');
    expect(t('learners.total', { count: 1234 })).toBe('1,234 learners');
    expect(t('profile.sessionsEnded', { count: 0 })).toBe('0 sessions ended');
  });

  it('leaves a placeholder with no value visible rather than inventing one', () => {
    expect(t('shell.account')).toBe('Signed in as {name}');
    expect(t('shell.account', {})).toBe('Signed in as {name}');
  });

  it('falls back to English for a key another catalogue lacks', () => {
    setLocale('fr', { 'auth.signIn': 'Se connecter' });
    try {
      expect(t('auth.signIn')).toBe('Se connecter');
      expect(t('auth.password')).toBe('Password');
    } finally {
      setLocale('en');
    }
  });

  it('has no empty message in the English catalogue', () => {
    for (const [key, message] of Object.entries(en)) expect(message.trim(), key).not.toBe('');
  });

  it('says relative times in words', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(formatRelative('2026-01-01T11:57:00Z', now)).toBe('3 minutes ago');
    expect(formatRelative('2026-01-01T14:00:00Z', now)).toBe('in 2 hours');
    expect(formatRelative(null, now)).toBe('never');
  });
});
