/** An article's editor (title, category, status, tags, Markdown body), for create and edit. The server's
 * field errors appear beside their field. */
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Select, Stack, TagsInput, Textarea, TextInput } from '@mantine/core';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';

import { errorMessage, fieldErrors } from '@/lib/api';
import { t } from '@/lib/i18n';

import { ARTICLE_CATEGORIES, ARTICLE_STATUSES } from '../model/search';

export const articleForm = z.object({
  title: z.string().trim().min(1, t('kb.titleRequired')).max(200),
  category: z.string().min(1).max(50),
  status: z.enum(ARTICLE_STATUSES),
  tags: z.array(z.string()).max(20),
  body: z.string().max(100_000),
});
export type ArticleValues = z.infer<typeof articleForm>;

interface Props {
  initial: ArticleValues;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: (values: ArticleValues) => void;
  onCancel: () => void;
}

export function ArticleForm({ initial, submitLabel, pending, error, onSubmit, onCancel }: Props) {
  const form = useForm<ArticleValues>({ resolver: zodResolver(articleForm), defaultValues: initial });
  const server = fieldErrors(error);
  const err = (name: keyof ArticleValues) => form.formState.errors[name]?.message ?? server[name];
  const categories: string[] = ARTICLE_CATEGORIES.includes(initial.category as 'other')
    ? [...ARTICLE_CATEGORIES]
    : [initial.category, ...ARTICLE_CATEGORIES];
  return (
    <form onSubmit={form.handleSubmit(onSubmit)} noValidate>
      <Stack gap="sm">
        <TextInput label={t('kb.field.title')} {...form.register('title')} error={err('title')} required data-autofocus />
        <Group grow align="flex-start" wrap="wrap">
          <Controller
            control={form.control}
            name="category"
            render={({ field }) => (
              <Select
                label={t('kb.field.category')}
                data={categories.map((c) => ({ value: c, label: t(`tickets.category.${c as 'other'}`) ?? c }))}
                value={field.value}
                onChange={(v) => field.onChange(v ?? '')}
                allowDeselect={false}
                error={err('category')}
              />
            )}
          />
          <Controller
            control={form.control}
            name="status"
            render={({ field }) => (
              <Select
                label={t('kb.field.status')}
                data={ARTICLE_STATUSES.map((s) => ({ value: s, label: t(`kb.status.${s}`) }))}
                value={field.value}
                onChange={(v) => v && field.onChange(v)}
                allowDeselect={false}
                error={err('status')}
              />
            )}
          />
        </Group>
        <Controller
          control={form.control}
          name="tags"
          render={({ field }) => (
            <TagsInput
              label={t('kb.field.tags')}
              description={t('kb.field.tagsHint')}
              value={field.value}
              onChange={(v) => field.onChange(v.map((x) => x.trim().toLowerCase()).filter(Boolean))}
              maxTags={20}
              error={err('tags')}
            />
          )}
        />
        <Textarea
          label={t('kb.field.body')}
          {...form.register('body')}
          error={err('body')}
          autosize
          minRows={10}
          maxRows={30}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        />
        {error !== null && error !== undefined && Object.keys(server).length === 0 && (
          <Alert color="red" role="alert">
            {errorMessage(error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={pending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
