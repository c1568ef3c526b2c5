/** The monitoring screens' view state in the URL. */
import { bool, num, oneOf, searchParams, str } from '@/lib/search';

export const ERROR_TABS = ['unresolved', 'new', 'regressed', 'ignored', 'resolved'] as const;
export const GROUP_SORTS = ['last_seen', 'count', 'users'] as const;

export const validateSessionSearch = searchParams({
  online: bool(),
  errors: bool(),
  browser: str(100),
  os: str(100),
  user: num(1, 2 ** 31, true),
  staff: bool(),
});
export type SessionSearch = ReturnType<typeof validateSessionSearch>;

export const ALERT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export const validateAlertSearch = searchParams({ state: oneOf(ALERT_STATES) });
export type AlertSearch = ReturnType<typeof validateAlertSearch>;
export const validateRuleSearch = searchParams({ rule: str(40) });

export const validateErrorSearch = searchParams({
  tab: oneOf(ERROR_TABS),
  q: str(300),
  sort: oneOf(GROUP_SORTS),
});
export type ErrorSearch = ReturnType<typeof validateErrorSearch>;
