/** One composer for a public reply or an internal note. The draft (text and mode) is kept per ticket on this
 * device, so a reload or an expired session loses nothing; it is cleared only when the server has the message. */
import { Alert, Button, Group, SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { forwardRef, useState } from 'react';

import { errorMessage } from '@/lib/api';
import { t } from '@/lib/i18n';

import { usePostUpdate } from '../api/ticket';
import type { ComposerMode } from '../model/draft';
import type { DraftState } from '../model/useDraft';

interface Props {
  ticketId: number;
  draft: DraftState;
  disabled?: boolean;
  /** Called on every edit of the text (the page tells other agents, throttled). */
  onTyping?: () => void;
}

export const Composer = forwardRef<HTMLTextAreaElement, Props>(function Composer({ ticketId, draft, disabled, onTyping }, ref) {
  const post = usePostUpdate(ticketId);
  const [empty, setEmpty] = useState(false);
  const note = draft.mode === 'internal_note';
  const send = () => {
    const content = draft.text.trim();
    if (!content) {
      setEmpty(true);
      return;
    }
    setEmpty(false);
    post.mutate({ content, update_type: draft.mode }, { onSuccess: () => draft.clear() });
  };
  return (
    <form
      aria-label={t('tickets.composer.label')}
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <Stack
        gap="xs"
        p="sm"
        style={{
          border: note ? '2px dashed var(--mantine-color-yellow-filled)' : '1px solid var(--mantine-color-default-border)',
          borderRadius: 'var(--mantine-radius-md)',
          background: note ? 'var(--mantine-color-yellow-light)' : undefined,
        }}
      >
        <SegmentedControl
          aria-label={t('tickets.composer.mode')}
          value={draft.mode}
          onChange={(v) => draft.setMode(v as ComposerMode)}
          data={[
            { value: 'comment', label: t('tickets.composer.reply') },
            { value: 'internal_note', label: t('tickets.composer.note') },
          ]}
          disabled={disabled}
        />
        <Textarea
          ref={ref}
          label={t('tickets.composer.message')}
          description={note ? t('tickets.composer.noteHint') : t('tickets.composer.replyHint')}
          value={draft.text}
          onChange={(e) => {
            draft.setText(e.currentTarget.value);
            onTyping?.();
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              send();
            }
          }}
          error={empty ? t('tickets.composer.empty') : undefined}
          autosize
          minRows={4}
          maxRows={16}
          maxLength={20000}
          disabled={disabled}
        />
        {post.isError && (
          <Alert color="red" role="alert">
            {errorMessage(post.error)}
          </Alert>
        )}
        <Group justify="space-between" wrap="wrap">
          <Text size="xs" c="dimmed" aria-live="polite">
            {draft.text ? t('tickets.composer.draftKept') : post.isSuccess ? t('tickets.composer.sent') : ''}
          </Text>
          <Group gap="xs">
            {draft.text && (
              <Button variant="subtle" onClick={draft.clear} disabled={disabled}>
                {t('tickets.composer.discard')}
              </Button>
            )}
            <Button type="submit" loading={post.isPending} disabled={disabled}>
              {t('tickets.composer.send')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  );
});
