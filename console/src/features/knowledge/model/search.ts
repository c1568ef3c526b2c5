/** The knowledge base's list state in the URL. */
import { z } from 'zod';

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

export const articleSearch = z.object({
  q: z.string().max(200).optional().catch(undefined),
  category: z.string().max(50).optional().catch(undefined),
  status: z.enum(ARTICLE_STATUSES).optional().catch(undefined),
});

export type ArticleSearch = z.infer<typeof articleSearch>;
