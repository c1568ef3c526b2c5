/** Avatars of the other agents looking at a ticket; their names are in the accessible text, not only initials. */
import { Avatar, Tooltip } from '@mantine/core';

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
