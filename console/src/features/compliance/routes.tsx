import { createRoute, lazyRouteComponent, redirect, type AnyRoute } from '@tanstack/react-router';
import { match, num, oneOf, searchParams, str } from '@/lib/search';

const ID = num(1, Number.MAX_SAFE_INTEGER, true);
const DAY = match(/^\d{4}-\d{2}-\d{2}$/, 10);
export const REPORTS = ['data-access', 'admin-actions', 'consents', 'retention', 'impersonation'] as const;
export const STAGES = [
  'pending',
  'awaiting_approval',
  'cooling_off',
  'processing',
  'download_ready',
  'completed',
  'rejected',
  'cancelled',
  'expired',
  'failed',
] as const;

export const validateAuditSearch = searchParams({
  actor: ID,
  person: ID,
  on_behalf_of: ID,
  action: match(/^[a-z_.]{1,100}$/, 100),
  since: DAY,
  until: DAY,
});
export type AuditSearch = ReturnType<typeof validateAuditSearch>;
export const validateReportSearch = searchParams({
  name: oneOf(REPORTS),
  actor: ID,
  person: ID,
  action: match(/^[a-z_.]{1,100}$/, 100),
  since: DAY,
  until: DAY,
});
export type ReportSearch = ReturnType<typeof validateReportSearch>;
export const validatePrivacySearch = searchParams({ stage: oneOf(STAGES), user: ID });
export const validateHoldsSearch = searchParams({ user: ID, reason: str(200) });

/** /compliance/audit, /compliance/reports, /compliance/privacy, /compliance/holds, /compliance/retention. */
export function complianceRoutes<P extends AnyRoute>(parent: P) {
  const area = createRoute({
    getParentRoute: () => parent,
    path: 'compliance',
    component: lazyRouteComponent(() => import('./components/ComplianceLayout'), 'ComplianceLayout'),
  });
  const index = createRoute({
    getParentRoute: () => area,
    path: '/',
    beforeLoad: () => {
      throw redirect({ to: '/compliance/audit', replace: true });
    },
  });
  const audit = createRoute({
    getParentRoute: () => area,
    path: 'audit',
    validateSearch: validateAuditSearch,
    component: lazyRouteComponent(() => import('./components/AuditPage'), 'AuditPage'),
  });
  const reports = createRoute({
    getParentRoute: () => area,
    path: 'reports',
    validateSearch: validateReportSearch,
    component: lazyRouteComponent(() => import('./components/ReportsPage'), 'ReportsPage'),
  });
  const privacy = createRoute({
    getParentRoute: () => area,
    path: 'privacy',
    validateSearch: validatePrivacySearch,
    component: lazyRouteComponent(() => import('./components/PrivacyPage'), 'PrivacyPage'),
  });
  const holds = createRoute({
    getParentRoute: () => area,
    path: 'holds',
    validateSearch: validateHoldsSearch,
    component: lazyRouteComponent(() => import('./components/HoldsPage'), 'HoldsPage'),
  });
  const retention = createRoute({
    getParentRoute: () => area,
    path: 'retention',
    component: lazyRouteComponent(() => import('./components/RetentionPage'), 'RetentionPage'),
  });
  return [area.addChildren([index, audit, reports, privacy, holds, retention])] as const;
}
