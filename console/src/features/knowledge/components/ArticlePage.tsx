/** /knowledge-base/$id: read an article, vote on it, and (editors) edit or delete it. A stale edit (409
 * stale_article) shows what changed and re-applies the editor's own changes on the current version. */
import '@/app/screenStyles';
import { Alert, Anchor, Badge, Button, Group, Stack, Text, Title } from '@mantine/core';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useMemo, useState } from 'react';

import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { ConflictReview } from '@/components/ConflictReview';
import { errorCode, errorMessage } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { formatDateTime, formatNumber, t } from '@/lib/i18n';

import { fetchArticle, useArticle, useDeleteArticle, useUpdateArticle, useVote, type Article } from '../api/articles';
import { articleConflictFields, changesOf } from '../model/conflict';
import { ArticleForm, type ArticleValues } from './ArticleForm';

const route = getRouteApi('/app/knowledge-base/$id');

function valuesOf(a: Article): ArticleValues {
  return { title: a.title, category: a.category, status: a.status, tags: a.tags, body: a.body };
}

export function ArticlePage() {
  const { id } = route.useParams();
  const { edit } = route.useSearch();
  const navigate = route.useNavigate();
  const can = useCan();
  const editor = can('kb.manage');
  const query = useArticle(id);
  const article = query.data;
  const vote = useVote(id);
  const update = useUpdateArticle(id);
  const remove = useDeleteArticle(id);
  const [conflict, setConflict] = useState<{ mine: Partial<ArticleValues>; base: Article; current: Article } | null>(null);
  const setEditing = (on: boolean) => void navigate({ search: on ? { edit: true } : {}, replace: true });

  const save = (changes: Partial<ArticleValues>, on: Article) => {
    update.mutate(
      { ...changes, version: on.version },
      {
        onSuccess: () => {
          setConflict(null);
          setEditing(false);
        },
        onError: async (e) => {
          if (errorCode(e) !== 'stale_article') return;
          const current = await fetchArticle(on.id);
          setConflict({ mine: changes, base: on, current });
          update.reset();
        },
      },
    );
  };

  const actions = useMemo<PaletteAction[]>(
    () => (editor && article ? [{ id: 'kb.edit', label: t('kb.edit'), run: () => setEditing(true) }] : []),
    [editor, article], // eslint-disable-line react-hooks/exhaustive-deps
  );
  useRegisterActions(actions);

  if (query.isPending) return <Text role="status">{t('common.loading')}</Text>;
  if (!article) {
    return (
      <Alert color="red" role="alert" title={t('kb.loadFailed')}>
        {errorMessage(query.error)}
      </Alert>
    );
  }
  return (
    <Stack gap="md" maw={900}>
      <Anchor renderRoot={(props) => <Link {...props} to="/knowledge-base" search={{}} />} size="sm">
        ← {t('kb.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start" wrap="wrap">
        <div style={{ minWidth: 0 }}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {article.title}
          </Title>
          <Group gap="xs" mt={4} wrap="wrap">
            <Badge variant="outline">{t(`kb.status.${article.status}`)}</Badge>
            <Text size="sm" c="dimmed">
              {t(`tickets.category.${article.category as 'other'}`) ?? article.category} ·{' '}
              {t('kb.updated', { when: formatDateTime(article.updated_at) })} ·{' '}
              {t('kb.linkedTickets', { count: article.linked_tickets })}
            </Text>
          </Group>
          {article.tags.length > 0 && (
            <Text size="sm" mt={4}>
              {t('kb.field.tags')}: {article.tags.join(', ')}
            </Text>
          )}
        </div>
        {editor && !edit && (
          <Group gap="xs">
            <Button variant="default" onClick={() => setEditing(true)}>
              {t('kb.edit')}
            </Button>
            <Button
              variant="default"
              color="red"
              loading={remove.isPending}
              onClick={() => {
                if (window.confirm(t('kb.deleteConfirm', { title: article.title }))) {
                  remove.mutate(undefined, { onSuccess: () => void navigate({ to: '/knowledge-base', search: {} }) });
                }
              }}
            >
              {t('kb.delete')}
            </Button>
          </Group>
        )}
      </Group>
      {remove.isError && (
        <Alert color="red" role="alert">
          {errorMessage(remove.error)}
        </Alert>
      )}
      {conflict && (
        <ConflictReview
          fields={articleConflictFields(conflict.base, conflict.current, conflict.mine)}
          busy={update.isPending}
          onReapply={() => save(conflict.mine, conflict.current)}
          onDiscard={() => {
            setConflict(null);
            setEditing(false);
          }}
        />
      )}
      {editor && edit && !conflict ? (
        <ArticleForm
          key={article.version}
          initial={valuesOf(article)}
          submitLabel={t('kb.save')}
          pending={update.isPending}
          error={update.error}
          onCancel={() => setEditing(false)}
          onSubmit={(values) => save(changesOf(valuesOf(article), values), article)}
        />
      ) : (
        <Text component="div" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {article.body}
        </Text>
      )}
      <section aria-labelledby="vote-title">
        <Text id="vote-title" fw={600} mb="xs">
          {t('kb.voteQuestion')}
        </Text>
        <Group gap="xs" wrap="wrap">
          <Button variant="light" onClick={() => vote.mutate(true)} loading={vote.isPending && vote.variables === true}>
            {t('kb.helpful')} ({formatNumber(article.helpful_votes)})
          </Button>
          <Button variant="light" color="gray" onClick={() => vote.mutate(false)} loading={vote.isPending && vote.variables === false}>
            {t('kb.notHelpful')} ({formatNumber(article.not_helpful_votes)})
          </Button>
          <Text size="sm" c="dimmed" aria-live="polite">
            {vote.isSuccess ? t('kb.voted') : t('kb.usefulness', { percent: formatNumber(Math.round(article.usefulness * 100)) })}
          </Text>
        </Group>
        {vote.isError && (
          <Alert color="red" role="alert" mt="xs">
            {errorMessage(vote.error)}
          </Alert>
        )}
      </section>
    </Stack>
  );
}
