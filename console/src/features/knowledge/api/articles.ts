/** The knowledge base's server state: search (keyset pages), one article, votes and editors' changes. */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import type { components } from '@api/schema';
import { api, unwrap } from '@/lib/api';

import type { ArticleSearch } from '../model/search';

export type Article = components['schemas']['ArticleOut'];
export type ArticleSummary = components['schemas']['ArticleSummaryOut'];
export type ArticleIn = components['schemas']['ArticleIn'];
export type ArticlePatch = components['schemas']['ArticlePatchIn'];

export const KB_KEY = ['kb'] as const;
export const articleKey = (id: number) => ['kb', 'article', id] as const;

export function useArticles(search: ArticleSearch) {
  return useInfiniteQuery({
    queryKey: ['kb', 'list', search],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) =>
      unwrap(
        api.GET('/api/support/knowledge-base/', {
          params: { query: { q: search.q ?? '', category: search.category, status: search.status, cursor: pageParam, limit: 25 } },
          signal,
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

export function fetchArticle(id: number, signal?: AbortSignal): Promise<Article> {
  return unwrap(api.GET('/api/support/knowledge-base/{article_id}/', { params: { path: { article_id: id } }, signal }));
}

export function useArticle(id: number) {
  return useQuery({ queryKey: articleKey(id), queryFn: ({ signal }) => fetchArticle(id, signal) });
}

export function useVote(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (helpful: boolean) =>
      unwrap(api.POST('/api/support/knowledge-base/{article_id}/vote', { params: { path: { article_id: id } }, body: { helpful } })),
    onSuccess: (summary) => {
      qc.setQueryData<Article>(articleKey(id), (a) =>
        a ? { ...a, helpful_votes: summary.helpful_votes, not_helpful_votes: summary.not_helpful_votes, usefulness: summary.usefulness } : a,
      );
      void qc.invalidateQueries({ queryKey: KB_KEY });
    },
  });
}

export function useUpdateArticle(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ArticlePatch) =>
      unwrap(api.PATCH('/api/support/knowledge-base/{article_id}/', { params: { path: { article_id: id } }, body })),
    onSuccess: (article) => {
      qc.setQueryData(articleKey(id), article);
      void qc.invalidateQueries({ queryKey: KB_KEY });
    },
  });
}

export function useCreateArticle() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ArticleIn) => unwrap(api.POST('/api/support/knowledge-base/', { body })),
    onSuccess: (article) => {
      qc.setQueryData(articleKey(article.id), article);
      void qc.invalidateQueries({ queryKey: KB_KEY });
    },
  });
}

export function useDeleteArticle(id: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      const { error, response } = await api.DELETE('/api/support/knowledge-base/{article_id}/', {
        params: { path: { article_id: id } },
      });
      if (error !== undefined || !response.ok) throw error ?? new Error(response.statusText);
    },
    onSuccess: () => {
      qc.removeQueries({ queryKey: articleKey(id) });
      void qc.invalidateQueries({ queryKey: KB_KEY });
    },
  });
}
