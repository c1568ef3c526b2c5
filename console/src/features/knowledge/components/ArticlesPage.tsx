/** /knowledge-base: search articles (web-search syntax), filter by category and, for editors, status; every
 * result is a real link; editors create articles here. */
import '@/app/screenStyles';
import { Alert, Anchor, Badge, Button, Group, Modal, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { getRouteApi, Link } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';

import { useRegisterActions, type PaletteAction } from '@/app/palette';
import { errorMessage } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { formatDateTime, formatNumber, t } from '@/lib/i18n';

import { useArticles, useCreateArticle } from '../api/articles';
import { ARTICLE_CATEGORIES, ARTICLE_STATUSES } from '../model/search';
import { ArticleForm } from './ArticleForm';

const route = getRouteApi('/app/knowledge-base');

export function ArticlesPage() {
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const can = useCan();
  const editor = can('kb.manage');
  const [q, setQ] = useState(search.q ?? '');
  useEffect(() => setQ(search.q ?? ''), [search.q]);
  useEffect(() => {
    const timer = window.setTimeout(() => {
      if ((search.q ?? '') !== q) void navigate({ search: { ...search, q: q || undefined }, replace: true });
    }, 300);
    return () => window.clearTimeout(timer);
  }, [q]); // eslint-disable-line react-hooks/exhaustive-deps
  const articles = useArticles(search);
  const create = useCreateArticle();
  const [creating, setCreating] = useState(false);
  const items = articles.data?.pages.flatMap((p) => p.items) ?? [];
  const actions = useMemo<PaletteAction[]>(
    () => (editor ? [{ id: 'kb.new', label: t('kb.new'), run: () => setCreating(true) }] : []),
    [editor],
  );
  useRegisterActions(actions);

  return (
    <Stack gap="md">
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {t('kb.title')}
        </Title>
        {editor && <Button onClick={() => setCreating(true)}>{t('kb.new')}</Button>}
      </Group>
      <Group gap="sm" align="flex-end" wrap="wrap" role="search">
        <TextInput
          label={t('kb.search')}
          placeholder={t('kb.searchHint')}
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
          data-screen-search
          w={{ base: '100%', sm: 320 }}
        />
        <Select
          label={t('kb.category')}
          placeholder={t('kb.any')}
          data={ARTICLE_CATEGORIES.map((c) => ({ value: c, label: t(`tickets.category.${c}`) }))}
          value={search.category ?? null}
          onChange={(v) => void navigate({ search: { ...search, category: v ?? undefined }, replace: true })}
          clearable
          w={{ base: '100%', sm: 200 }}
        />
        {editor && (
          <Select
            label={t('kb.status')}
            placeholder={t('kb.any')}
            data={ARTICLE_STATUSES.map((s) => ({ value: s, label: t(`kb.status.${s}`) }))}
            value={search.status ?? null}
            onChange={(v) =>
              void navigate({ search: { ...search, status: (v ?? undefined) as typeof search.status }, replace: true })
            }
            clearable
            w={{ base: '100%', sm: 160 }}
          />
        )}
      </Group>
      {articles.isError && (
        <Alert color="red" role="alert" title={t('kb.listFailed')}>
          {errorMessage(articles.error)}
        </Alert>
      )}
      {articles.isPending && <Text role="status">{t('common.loading')}</Text>}
      {articles.isSuccess && items.length === 0 && <Text>{t('kb.empty')}</Text>}
      <Stack component="ul" gap="sm" p={0} m={0} aria-label={t('kb.results')}>
        {items.map((a) => (
          <li key={a.id} style={{ listStyle: 'none' }}>
            <Anchor renderRoot={(props) => <Link {...props} to="/knowledge-base/$id" params={{ id: a.id }} />} fw={600}>
              {a.title}
            </Anchor>
            <Group gap="xs" mt={2} wrap="wrap">
              {a.status !== 'published' && <Badge variant="outline">{t(`kb.status.${a.status}`)}</Badge>}
              <Text size="sm" c="dimmed">
                {t(`tickets.category.${a.category as 'other'}`) ?? a.category} ·{' '}
                {t('kb.votes', { helpful: a.helpful_votes, notHelpful: a.not_helpful_votes })} ·{' '}
                {t('kb.usefulness', { percent: formatNumber(Math.round(a.usefulness * 100)) })} ·{' '}
                {t('kb.updated', { when: formatDateTime(a.updated_at) })}
              </Text>
            </Group>
          </li>
        ))}
      </Stack>
      {articles.hasNextPage && (
        <Button variant="default" onClick={() => void articles.fetchNextPage()} loading={articles.isFetchingNextPage} style={{ alignSelf: 'center' }}>
          {t('common.loadMore')}
        </Button>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('kb.new')} size="lg">
        <ArticleForm
          initial={{ title: '', category: search.category ?? 'technical', status: 'draft', tags: [], body: '' }}
          submitLabel={t('kb.create')}
          pending={create.isPending}
          error={create.error}
          onCancel={() => setCreating(false)}
          onSubmit={(values) =>
            create.mutate(values, {
              onSuccess: (article) => {
                setCreating(false);
                void navigate({ to: '/knowledge-base/$id', params: { id: article.id }, search: {} });
              },
            })
          }
        />
      </Modal>
    </Stack>
  );
}
