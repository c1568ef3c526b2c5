/**
 * Saved views on the server (GET/POST /api/saved-views/, screen 'learners'): the URL's search params under a
 * name, per person, optionally shared with their support team, so a view follows the person to any device.
 */
import { ActionIcon, Alert, Button, Group, Modal, Popover, Stack, Switch, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { $api, errorMessage, fieldErrors } from '@/lib/api';
import { t } from '@/lib/i18n';
import { validateLearnerSearch, type LearnerSearch } from '../search';

/** The search state as the API stores it: name -> string (JSON for lists and numbers); the page is left out. */
export function toParams(search: LearnerSearch): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(search)) {
    if (key === 'cursor' || value === undefined) continue;
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** Back from the stored strings, through the same validation as the URL (a stale view drops what no longer fits). */
export function fromParams(params: Record<string, string>): LearnerSearch {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    try {
      raw[key] = /^[[{\d-]/.test(value) ? JSON.parse(value) : value;
    } catch {
      raw[key] = value;
    }
  }
  return validateLearnerSearch(raw);
}

export function SavedViews({ search, onOpen }: { search: LearnerSearch; onOpen: (s: LearnerSearch) => void }): ReactNode {
  const [listOpen, setListOpen] = useState(false);
  const [saveOpen, save] = useDisclosure(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const queryClient = useQueryClient();
  const views = $api.useQuery('get', '/api/saved-views/', { params: { query: { screen: 'learners', limit: 100 } } });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['get', '/api/saved-views/'] });
  const create = $api.useMutation('post', '/api/saved-views/', {
    onSuccess: () => {
      notifications.show({ message: t('learners.viewSaved') });
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
            {t('learners.savedViews')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown maw="calc(100vw - 32px)">
          <Stack gap={6} miw={220}>
            {views.error ? <Text size="sm" c="red">{errorMessage(views.error)}</Text> : null}
            {views.data && items.length === 0 ? <Text size="sm">{t('learners.noViews')}</Text> : null}
            <Stack component="ul" gap={4} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {items.map((v) => (
                <Group component="li" key={v.id} justify="space-between" wrap="nowrap" gap="xs">
                  <UnstyledButton
                    onClick={() => {
                      setListOpen(false);
                      onOpen(fromParams(v.params));
                    }}
                    aria-label={t('learners.openView', { name: v.name })}
                    style={{ minWidth: 0 }}
                  >
                    <Text size="sm" fw={500} truncate>
                      {v.name}
                    </Text>
                    {!v.mine ? (
                      <Text size="xs" c="dimmed">
                        {t('learners.sharedBy', { name: v.owner.username })}
                      </Text>
                    ) : null}
                  </UnstyledButton>
                  {v.mine ? (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('learners.deleteView', { name: v.name })}
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
              {t('learners.saveView')}
            </Button>
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <Modal opened={saveOpen} onClose={save.close} title={t('learners.saveView')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) create.mutate({ body: { screen: 'learners', name: name.trim(), params: toParams(search), shared } });
          }}
        >
          <Stack>
            <TextInput label={t('learners.viewName')} required maxLength={80} value={name} onChange={(e) => setName(e.currentTarget.value)} error={nameError} data-autofocus />
            <Switch label={t('learners.viewShared')} checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} />
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
