/** "New ticket" from the profile: the form opens filled with the learner's context; the draft is kept per
 * learner until the ticket is created. */
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Anchor, Button, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Controller, useForm } from 'react-hook-form';
import { z } from 'zod';
import type { ReactNode } from 'react';
import { AppLink } from '@/components/AppLink';
import { $api, errorMessage, fieldErrors, type Schemas } from '@/lib/api';
import { useFormDraft } from '@/lib/drafts';
import { t, type MessageKey } from '@/lib/i18n';
import { displayName } from '../components/ResultsTable';

type Profile = Schemas['UserProfileDetailOut'];
type TicketIn = Schemas['TicketIn'];
const PRIORITIES = ['low', 'normal', 'high', 'urgent', 'critical'] as const satisfies readonly NonNullable<TicketIn['priority']>[];
const CATEGORIES = ['technical', 'account', 'billing', 'course_content', 'bug', 'feature_request', 'other'] as const satisfies readonly NonNullable<
  TicketIn['category']
>[];

const schema = z.object({
  title: z.string().trim().min(1, t('common.required')).max(200),
  description: z.string().trim().min(1, t('common.required')).max(20000),
  priority: z.enum(PRIORITIES).nullable(),
  category: z.enum(CATEGORIES).nullable(),
});
type Values = z.infer<typeof schema>;

function context(p: Profile): string {
  return t('profile.ticketContext', {
    name: displayName(p),
    username: p.username,
    id: String(p.id),
    status: t(`status.${p.account_status}` as MessageKey),
    risk: String(Math.round(p.risk_score)),
  });
}

export function NewTicketAction({ profile, open, onOpenChange }: { profile: Profile; open: boolean; onOpenChange: (open: boolean) => void }): ReactNode {
  const queryClient = useQueryClient();
  const form = useForm<Values>({
    resolver: zodResolver(schema),
    defaultValues: { title: '', description: `${context(profile)}\n\n`, priority: null, category: null },
  });
  const draft = useFormDraft(`new-ticket:${profile.id}`, form);
  const create = $api.useMutation('post', '/api/support/tickets/', {
    onSuccess: (ticket) => {
      draft.clear();
      form.reset({ title: '', description: `${context(profile)}\n\n`, priority: null, category: null });
      void queryClient.invalidateQueries({ queryKey: ['get', '/api/support/tickets/'] });
      notifications.show({
        message: (
          <Anchor component={AppLink} to={`/tickets/${ticket.id}`}>
            {t('profile.ticketCreated', { code: ticket.ticket_id })}
          </Anchor>
        ),
      });
      onOpenChange(false);
    },
    onError: (e) => {
      for (const [field, message] of Object.entries(fieldErrors(e))) {
        if (field in schema.shape) form.setError(field as keyof Values, { message });
      }
    },
  });
  const { errors } = form.formState;
  const submit = form.handleSubmit((v) =>
    create.mutate({
      body: {
        user_id: profile.id,
        title: v.title.trim(),
        description: v.description.trim(),
        ...(v.priority ? { priority: v.priority } : {}),
        ...(v.category ? { category: v.category } : {}),
      },
    }),
  );
  return (
    <>
      <Button onClick={() => onOpenChange(true)}>{t('profile.newTicket')}</Button>
      <Modal opened={open} onClose={() => onOpenChange(false)} title={t('profile.newTicket')} size="lg">
        <form onSubmit={submit} noValidate>
          <Stack>
            <Text size="sm" c="dimmed">
              {displayName(profile)} · {profile.email}
            </Text>
            <TextInput label={t('profile.ticketTitle')} required maxLength={200} error={errors.title?.message} {...form.register('title')} data-autofocus />
            <Textarea
              label={t('profile.ticketDescription')}
              required
              autosize
              minRows={5}
              maxLength={20000}
              error={errors.description?.message}
              {...form.register('description')}
            />
            <Controller
              control={form.control}
              name="priority"
              render={({ field }) => (
                <Select
                  label={t('profile.ticketPriority')}
                  data={PRIORITIES.map((p) => ({ value: p, label: p }))}
                  value={field.value}
                  onChange={(v) => field.onChange(v)}
                  clearable
                  placeholder={t('priority.normal')}
                />
              )}
            />
            <Controller
              control={form.control}
              name="category"
              render={({ field }) => (
                <Select
                  label={t('profile.ticketCategory')}
                  data={CATEGORIES.map((c) => ({ value: c, label: c.replace('_', ' ') }))}
                  value={field.value}
                  onChange={(v) => field.onChange(v)}
                  clearable
                  placeholder={t('profile.ticketCategoryAuto')}
                />
              )}
            />
            {create.error && Object.keys(fieldErrors(create.error)).length === 0 ? (
              <Alert color="red" role="alert">
                {errorMessage(create.error)}
              </Alert>
            ) : null}
            <Button type="submit" loading={create.isPending}>
              {t('profile.ticketCreate')}
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
