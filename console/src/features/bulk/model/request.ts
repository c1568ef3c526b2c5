/** The wizard's choices turned into the bulk API's request: pure, so the rules are tested without a browser. */
import type { Schemas } from '@/lib/api';
import type { Filters, OperationType } from './search';

export type ExportField = Schemas['ExportField'];
export type ExportFormat = Schemas['ExportFormat'];
export type ImportMode = 'create_only' | 'update_only' | 'upsert';
export type Status = Schemas['AccountStatus'];
export type Priority = Schemas['SupportPriority'];
export type Role = Schemas['PlatformRole'];

export const EXPORT_FIELDS: readonly ExportField[] = [
  'id',
  'username',
  'email',
  'first_name',
  'last_name',
  'account_status',
  'platform_role',
  'support_priority',
  'risk_score',
  'last_activity',
  'date_joined',
  'enrollment_count',
  'completion_rate',
  'marketing_consent',
];
export const MODES: readonly ImportMode[] = ['create_only', 'update_only', 'upsert'];
export const ACCOUNT_STATUSES: readonly Status[] = ['pending', 'active', 'suspended', 'disabled', 'archived'];
export const PRIORITIES: readonly Priority[] = ['low', 'normal', 'high', 'urgent'];
export const ROLES: readonly Role[] = ['learner', 'instructor'];

export type Params = {
  mode: ImportMode;
  status: Status | null;
  reason: string;
  priority: Priority | null;
  role: Role | null;
  addCourses: string[];
  removeCourses: string[];
  subject: string;
  body: string;
  marketing: boolean;
  fields: ExportField[];
  format: ExportFormat;
};

export const DEFAULT_PARAMS: Params = {
  mode: 'create_only',
  status: null,
  reason: '',
  priority: null,
  role: null,
  addCourses: [],
  removeCourses: [],
  subject: '',
  body: '',
  marketing: false,
  fields: ['id', 'username', 'email', 'first_name', 'last_name', 'account_status'],
  format: 'csv',
};

/** Who: ids picked in the learner search, or its filters (`{}` is everyone, export only), or a file (import). */
export type Subjects = { ids?: number[]; filters?: Filters };

export type Built = { body: Schemas['BulkOperationIn'] } | { missing: 'subjects' | 'status' | 'changes' | 'message' | 'fields' };

function targets(s: Subjects): { user_ids: number[] } | { filters: Schemas['FiltersIn'] } | null {
  if (s.ids && s.ids.length > 0) return { user_ids: s.ids };
  if (s.filters && Object.keys(s.filters).length > 0) return { filters: s.filters as Schemas['FiltersIn'] };
  return null;
}

/** The JSON request of every type but the import (multipart); or what is still missing. */
export function buildRequest(type: Exclude<OperationType, 'import_users'>, s: Subjects, p: Params, dryRun: boolean): Built {
  if (type === 'export') {
    if (p.fields.length === 0) return { missing: 'fields' };
    const filters = s.filters && Object.keys(s.filters).length > 0 ? (s.filters as Schemas['FiltersIn']) : null;
    return { body: { operation_type: 'export', dry_run: dryRun, parameters: { filters, fields: p.fields, format: p.format } } };
  }
  const who = targets(s);
  if (!who) return { missing: 'subjects' };
  if (type === 'update_status') {
    if (!p.status) return { missing: 'status' };
    return { body: { operation_type: 'update_status', dry_run: dryRun, parameters: { ...who, status: p.status, reason: p.reason.trim() } } };
  }
  if (type === 'update_fields') {
    const fields = {
      support_priority: p.priority,
      platform_role: p.role,
      add_courses: p.addCourses,
      remove_courses: p.removeCourses,
    };
    if (!p.priority && !p.role && p.addCourses.length === 0 && p.removeCourses.length === 0) return { missing: 'changes' };
    return { body: { operation_type: 'update_fields', dry_run: dryRun, parameters: { ...who, fields } } };
  }
  if (!p.subject.trim() || !p.body.trim()) return { missing: 'message' };
  return {
    body: { operation_type: 'notify', dry_run: dryRun, parameters: { ...who, subject: p.subject, body: p.body, marketing: p.marketing } },
  };
}

/** "status: active, suspended · course: PYTH-100" for the wizard's summary of a hand-off. */
export function describeFilters(f: Filters): string {
  return Object.entries(f)
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : String(v)}`)
    .join(' · ');
}

/** Only .csv and .xlsx files are imports. */
export function isImportFile(name: string): boolean {
  return /\.(csv|xlsx)$/i.test(name);
}
