/** Knowledge-base articles for this ticket: insert one's text into the message, or link it to the ticket
 * (which counts towards the article's usefulness). */
import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { AppLink } from '@/components/AppLink';
import { api, errorMessage, unwrap } from '@/lib/api';
import { formatNumber, t } from '@/lib/i18n';

import { useLinkArticle, useSuggestions } from '../api/ticket';
import type { Ticket } from '../api/types';

interface Props {
  ticket: Ticket;
  canWork: boolean;
  onInsert: (text: string) => void;
}

export function Suggestions({ ticket, canWork, onInsert }: Props) {
  const qc = useQueryClient();
  const suggestions = useSuggestions(ticket.id);
  const link = useLinkArticle(ticket.id);
  const [error, setError] = useState<string | null>(null);
  const insert = async (id: number) => {
    setError(null);
    try {
      const article = await qc.fetchQuery({
        queryKey: ['desk', 'article', id],
        staleTime: 60_000,
        queryFn: () => unwrap(api.GET('/api/support/knowledge-base/{article_id}/', { params: { path: { article_id: id } } })),
      });
      onInsert(`${article.title}\n\n${article.body}`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const items = suggestions.data?.items ?? [];
  return (
    <section aria-labelledby="kb-suggestions-title">
      <Title order={2} size="h5" id="kb-suggestions-title" mb="xs">
        {t('tickets.kb.title')}
      </Title>
      {suggestions.isError && <Text size="sm">{errorMessage(suggestions.error)}</Text>}
      {suggestions.isSuccess && items.length === 0 && <Text size="sm">{t('tickets.kb.none')}</Text>}
      <Stack component="ul" gap="xs" p={0} m={0}>
        {items.map((a) => {
          const linked = ticket.linked_articles.includes(a.id);
          return (
            <li key={a.id} style={{ listStyle: 'none' }}>
              <Anchor component={AppLink} to={`/knowledge-base/${a.id}`} size="sm" fw={600}>
                {a.title}
              </Anchor>
              <Text size="xs" c="dimmed">
                {t(`tickets.category.${a.category as 'other'}`) ?? a.category} ·{' '}
                {t('tickets.kb.usefulness', { percent: formatNumber(Math.round(a.usefulness * 100)) })}
              </Text>
              {canWork && (
                <Group gap="xs" mt={4}>
                  <Button size="compact-xs" variant="light" onClick={() => void insert(a.id)} aria-label={t('tickets.kb.insertLabel', { title: a.title })}>
                    {t('tickets.kb.insert')}
                  </Button>
                  <Button
                    size="compact-xs"
                    variant="default"
                    disabled={linked}
                    loading={link.isPending && link.variables === a.id}
                    onClick={() => link.mutate(a.id)}
                    aria-label={linked ? undefined : t('tickets.kb.linkLabel', { title: a.title })}
                  >
                    {linked ? t('tickets.kb.linked') : t('tickets.kb.link')}
                  </Button>
                </Group>
              )}
            </li>
          );
        })}
      </Stack>
      {(error || link.isError) && (
        <Alert color="red" role="alert" mt="xs">
          {error ?? errorMessage(link.error)}
        </Alert>
      )}
    </section>
  );
}
