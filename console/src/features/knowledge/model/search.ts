/** The knowledge base's list state in the URL. */
import { oneOf, searchParams, str } from '@/lib/search';

import type { components } from '@api/schema';

export type ArticleStatus = components['schemas']['ArticleStatus'];
export const ARTICLE_STATUSES = ['draft', 'internal', 'published'] as const satisfies readonly ArticleStatus[];
export const ARTICLE_CATEGORIES = [
  'technical',
  'account',
  'billing',
  'course_content',
  'bug',
  'feature_request',
  'other',
] as const satisfies readonly components['schemas']['Category'][];

export const validateArticleSearch = searchParams({
  q: str(200),
  category: str(50),
  status: oneOf(ARTICLE_STATUSES),
});

export type ArticleSearch = ReturnType<typeof validateArticleSearch>;
