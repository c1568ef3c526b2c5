/** A stale article edit (409 stale_article) in words for the conflict review: each field the editor changed or
 * someone else changed, with its value when the editor loaded it, now, and the editor's own. */
import type { ConflictField } from '@/components/ConflictReview';
import { t } from '@/lib/i18n';

import type { Article } from '../api/articles';
import type { ArticleValues } from '../components/ArticleForm';

const FIELDS = ['title', 'category', 'status', 'tags', 'body'] as const;
type Field = (typeof FIELDS)[number];

function show(v: ArticleValues[Field]): string {
  const s = Array.isArray(v) ? v.join(', ') : v;
  return s.length > 120 ? `${s.slice(0, 120)}…` : s || t('common.none');
}

function same(a: ArticleValues[Field], b: ArticleValues[Field]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Only the fields the editor changed: what a re-apply sends. */
export function changesOf(before: ArticleValues, after: ArticleValues): Partial<ArticleValues> {
  const out: Partial<Record<Field, unknown>> = {};
  for (const f of FIELDS) if (!same(before[f], after[f])) out[f] = after[f];
  return out as Partial<ArticleValues>;
}

export function articleConflictFields(base: Article, current: Article, mine: Partial<ArticleValues>): ConflictField[] {
  return FIELDS.filter((f) => f in mine || !same(base[f], current[f])).map((f) => {
    const own = mine[f];
    return {
      key: f,
      label: t(`kb.field.${f}`),
      before: show(base[f]),
      now: same(base[f], current[f]) ? undefined : show(current[f]),
      mine: own === undefined ? undefined : show(own),
    };
  });
}
