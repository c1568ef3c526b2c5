/**
 * Saved views on the server (GET/POST /api/saved-views/, one `screen` each): a screen's URL search state under a
 * name, per person, optionally shared with their support team, so a view follows the person to any device.
 * The screen says how its search state becomes the stored strings and back (`codec`).
 */
import { ActionIcon, Alert, Button, Group, Modal, Popover, Stack, Switch, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { $api, errorMessage, fieldErrors, type Schemas } from '@/lib/api';
import { t } from '@/lib/i18n';
import type { ViewCodec } from '@/lib/views';

interface Props<S> {
  screen: Schemas['Screen'];
  search: S;
  onOpen: (search: S) => void;
  codec: ViewCodec<S>;
  /** Confirm a save with a notification (the learners' screen does; the queue shows the view in its list). */
  notifySaved?: boolean;
}

export function SavedViews<S>({ screen, search, onOpen, codec, notifySaved = false }: Props<S>): ReactNode {
  const [listOpen, setListOpen] = useState(false);
  const [saveOpen, save] = useDisclosure(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const queryClient = useQueryClient();
  const views = $api.useQuery('get', '/api/saved-views/', { params: { query: { screen, limit: 100 } } });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['get', '/api/saved-views/'] });
  const create = $api.useMutation('post', '/api/saved-views/', {
    onSuccess: () => {
      if (notifySaved) notifications.show({ message: t('views.saved') });
      setName('');
      setShared(false);
      save.close();
      void refresh();
    },
  });
  const remove = $api.useMutation('delete', '/api/saved-views/{view_id}', { onSuccess: () => void refresh() });
  const nameError = create.error ? (fieldErrors(create.error)['name'] ?? errorMessage(create.error)) : undefined;
  const items = views.data?.items ?? [];

  return (
    <>
      <Popover opened={listOpen} onChange={setListOpen} position="bottom-start" withinPortal trapFocus>
        <Popover.Target>
          <Button variant="default" onClick={() => setListOpen((o) => !o)} aria-expanded={listOpen}>
            {t('views.title')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown maw="calc(100vw - 32px)">
          <Stack gap={6} miw={220}>
            {views.error ? <Text size="sm" c="red">{errorMessage(views.error)}</Text> : null}
            {views.data && items.length === 0 ? <Text size="sm">{t('views.none')}</Text> : null}
            <Stack component="ul" gap={4} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {items.map((v) => (
                <Group component="li" key={v.id} justify="space-between" wrap="nowrap" gap="xs">
                  <UnstyledButton
                    onClick={() => {
                      setListOpen(false);
                      onOpen(codec.fromParams(v.params));
                    }}
                    aria-label={t('views.open', { name: v.name })}
                    style={{ minWidth: 0 }}
                  >
                    <Text size="sm" fw={500} truncate>
                      {v.name}
                    </Text>
                    {!v.mine ? (
                      <Text size="xs" c="dimmed">
                        {t('views.sharedBy', { name: v.owner.username })}
                      </Text>
                    ) : null}
                  </UnstyledButton>
                  {v.mine ? (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('views.delete', { name: v.name })}
                      onClick={() => remove.mutate({ params: { path: { view_id: v.id } } })}
                    >
                      <span aria-hidden="true">×</span>
                    </ActionIcon>
                  ) : null}
                </Group>
              ))}
            </Stack>
            {remove.error ? <Text size="sm" c="red">{errorMessage(remove.error)}</Text> : null}
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                setListOpen(false);
                save.open();
              }}
            >
              {t('views.save')}
            </Button>
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <Modal opened={saveOpen} onClose={save.close} title={t('views.save')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) create.mutate({ body: { screen, name: name.trim(), params: codec.toParams(search), shared } });
          }}
        >
          <Stack>
            <TextInput label={t('views.name')} required maxLength={80} value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError} data-autofocus />
            <Switch label={t('views.shared')} checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} />
            {create.error && nameError === undefined ? <Alert color="red">{errorMessage(create.error)}</Alert> : null}
            <Button type="submit" loading={create.isPending} disabled={!name.trim()}>
              {t('common.save')}
            </Button>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
