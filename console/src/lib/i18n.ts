/**
 * All UI text goes through `t(key, vars)`: one message catalogue per language (English ships). Keys are typed
 * from the English catalogue, so a missing message is a compile error, not a blank label.
 */
import { en, type Messages } from './messages/en';

export type MessageKey = keyof Messages;
export type MessageVars = Record<string, string | number>;

const catalogues: Record<string, Partial<Messages>> = { en };
let current: Partial<Messages> = en;
let currentLocale = 'en';

/** Switch the catalogue (falls back to English for a key the language lacks). */
export function setLocale(locale: string, messages?: Partial<Messages>): void {
  if (messages) catalogues[locale] = messages;
  current = catalogues[locale] ?? en;
  currentLocale = catalogues[locale] ? locale : 'en';
}

export function locale(): string {
  return currentLocale;
}

/** The message for `key` with `{name}` placeholders filled from `vars`; `{count, plural, one {..} other {..}}`
 * picks by Intl.PluralRules. */
export function t(key: MessageKey, vars?: MessageVars): string {
  const template: string = current[key] ?? en[key] ?? String(key);
  if (!vars) return template;
  const withPlurals = template.replace(
    /\{(\w+), plural, one \{([^}]*)\} other \{([^}]*)\}\}/g,
    (_all, name: string, one: string, other: string) => {
      const n = Number(vars[name]);
      const chosen = new Intl.PluralRules(currentLocale).select(n) === 'one' ? one : other;
      return chosen.replace(/#/g, formatNumber(n));
    },
  );
  return withPlurals.replace(/\{(\w+)\}/g, (all, name: string) => {
    const value = vars[name];
    if (value === undefined) return all;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

export function formatNumber(n: number, options?: Intl.NumberFormatOptions): string {
  return new Intl.NumberFormat(currentLocale, options).format(n);
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return t('common.never');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLocale, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return t('common.never');
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return new Intl.DateTimeFormat(currentLocale, { dateStyle: 'medium' }).format(d);
}

/** "3 minutes ago", "in 2 hours": for countdowns and timelines (with the absolute time in a title). */
export function formatRelative(iso: string | null | undefined, now: number = Date.now()): string {
  if (!iso) return t('common.never');
  const diff = (new Date(iso).getTime() - now) / 1000;
  const rtf = new Intl.RelativeTimeFormat(currentLocale, { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(Math.round(diff), 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  if (abs < 86400 * 30) return rtf.format(Math.round(diff / 86400), 'day');
  if (abs < 86400 * 365) return rtf.format(Math.round(diff / (86400 * 30)), 'month');
  return rtf.format(Math.round(diff / (86400 * 365)), 'year');
}
