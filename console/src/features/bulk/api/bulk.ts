/** The bulk API's calls: the history, one operation, its row errors, starting (JSON, or multipart for an import),
 * approving and cancelling; and the course codes the import and field changes take. */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { $api, api, type Schemas } from '@/lib/api';
import type { HistorySearch, Operation } from '../model/search';

export type StartBody = Schemas['BulkOperationIn'];
export type ImportMode = 'create_only' | 'update_only' | 'upsert';
export type RowError = Schemas['RowErrorOut'];
export type RowChange = Schemas['RowChangeOut'];

export const OPERATIONS = ['get', '/api/users/bulk-operations/'] as const;
const ONE = '/api/users/bulk-operations/{operation_id}/';

export function useHistory(search: HistorySearch, refetchInterval: number | false) {
  const since = search.since ? `${search.since}T00:00:00Z` : undefined;
  const query = { type: search.type, status: search.status, created_by: search.created_by, since, cursor: search.cursor };
  return $api.useQuery('get', '/api/users/bulk-operations/', { params: { query } }, { refetchInterval });
}

export function useAwaiting(refetchInterval: number | false) {
  return $api.useQuery(
    'get',
    '/api/users/bulk-operations/',
    { params: { query: { status: 'awaiting_approval', limit: 50 } } },
    { refetchInterval },
  );
}

export function useOperation(id: number, refetchInterval: number | false) {
  return $api.useQuery('get', ONE, { params: { path: { operation_id: id } } }, { refetchInterval });
}

/** The row errors, a page at a time (kept across pages for the virtualised table). */
export function useRowErrors(id: number, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['bulk-errors', id],
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error } = await api.GET('/api/users/bulk-operations/{operation_id}/errors', {
        params: { path: { operation_id: id }, query: { cursor: pageParam, limit: 200 } },
        signal,
      });
      if (error) throw error;
      return data;
    },
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** What a dry run would change per person, a page at a time. */
export function useRowChanges(id: number, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: ['bulk-changes', id],
    enabled,
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const { data, error } = await api.GET('/api/users/bulk-operations/{operation_id}/changes', {
        params: { path: { operation_id: id }, query: { cursor: pageParam, limit: 100 } },
        signal,
      });
      if (error) throw error;
      return data;
    },
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

async function unwrap<T>(p: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const { data, error } = await p;
  if (error !== undefined || data === undefined) throw error ?? new Error('no answer');
  return data;
}

/** Start an operation (JSON). */
export function startJson(body: StartBody): Promise<Operation> {
  return unwrap(api.POST('/api/users/bulk-operations/', { body }));
}

/** Start an import: multipart with the file. */
export function startImport(file: File, mode: ImportMode, dryRun: boolean): Promise<Operation> {
  const form = new FormData();
  form.set('operation_type', 'import_users');
  form.set('dry_run', dryRun ? 'true' : 'false');
  form.set('parameters', JSON.stringify({ mode }));
  form.set('file', file);
  return unwrap(
    api.POST('/api/users/bulk-operations/', {
      // the browser writes the multipart body and its boundary
      body: form as unknown as StartBody,
      bodySerializer: (b: unknown) => b as FormData,
    }),
  );
}

export function useDecision() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, approve }: { id: number; approve: boolean }) =>
      unwrap(
        api.POST(approve ? '/api/users/bulk-operations/{operation_id}/approve' : '/api/users/bulk-operations/{operation_id}/cancel', {
          params: { path: { operation_id: id } },
        }),
      ),
    onSettled: () => client.invalidateQueries({ queryKey: OPERATIONS }),
  });
}

export function useCourses(q: string) {
  return $api.useQuery('get', '/api/courses/', { params: { query: { q, limit: 100 } } }, { staleTime: 300_000 });
}

export const errorsCsvUrl = (id: number) => `/api/users/bulk-operations/${id}/errors.csv`;
export const downloadUrl = (id: number) => `/api/users/bulk-operations/${id}/download`;
