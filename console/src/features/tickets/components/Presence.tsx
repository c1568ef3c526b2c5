/** Avatars of the other agents looking at a ticket (their names are in the accessible text, not only initials), and
 * who of them is typing. */
import { Avatar, Text, Tooltip } from '@mantine/core';

import { t } from '@/lib/i18n';

import type { Viewer } from '../model/presence';

export function PresenceAvatars({ viewers }: { viewers: readonly Pick<Viewer, 'agentId' | 'username'>[] }) {
  if (!viewers.length) return null;
  const names = viewers.map((v) => v.username).join(', ');
  return (
    <Avatar.Group spacing="xs" role="img" aria-label={t('tickets.presence.viewing', { names })}>
      {viewers.slice(0, 4).map((v) => (
        <Tooltip key={v.agentId} label={v.username} withArrow>
          <Avatar size="sm" radius="xl" color="initials" name={v.username} aria-hidden />
        </Tooltip>
      ))}
      {viewers.length > 4 && (
        <Avatar size="sm" radius="xl" aria-hidden>
          +{viewers.length - 4}
        </Avatar>
      )}
    </Avatar.Group>
  );
}

/** "<name> is typing…" while other agents write in this ticket's composer. The live region stays in the page, empty
 * when nobody types, so a screen reader hears each change. */
export function TypingNotice({ typists }: { typists: readonly Pick<Viewer, 'agentId' | 'username'>[] }) {
  const names = typists.map((v) => v.username);
  const text =
    names.length === 0
      ? ''
      : names.length === 1
        ? t('tickets.presence.typing', { name: names[0] ?? '' })
        : t('tickets.presence.typingMany', { names: names.join(', ') });
  return (
    <Text role="status" aria-live="polite" size="sm" c="dimmed" fs="italic" mih="1.5em">
      {text}
    </Text>
  );
}
