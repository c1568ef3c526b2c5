/** The queue's saved views on the server (GET/POST /api/saved-views/, screen 'tickets'): the URL's filters under
 * a name, per person, optionally shared with their support team, so a view follows the agent to any device. */
import { ActionIcon, Alert, Button, Group, Modal, Popover, Stack, Switch, Text, TextInput, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';

import { $api, errorMessage, fieldErrors } from '@/lib/api';
import { t } from '@/lib/i18n';

import { validateQueueSearch, type QueueSearch } from '../model/search';

/** The filters as the API stores them: name -> string (JSON for lists). */
export function toParams(search: QueueSearch): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(search)) {
    if (value === undefined) continue;
    out[key] = typeof value === 'string' ? value : JSON.stringify(value);
  }
  return out;
}

/** Back from the stored strings through the URL's own validation (what no longer fits is dropped). */
export function fromParams(params: Record<string, string>): QueueSearch {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) {
    try {
      raw[key] = value.startsWith('[') ? JSON.parse(value) : value;
    } catch {
      raw[key] = value;
    }
  }
  return validateQueueSearch(raw);
}

export function SavedViews({ search, onOpen }: { search: QueueSearch; onOpen: (s: QueueSearch) => void }) {
  const [listOpen, setListOpen] = useState(false);
  const [saveOpen, save] = useDisclosure(false);
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const qc = useQueryClient();
  const views = $api.useQuery('get', '/api/saved-views/', { params: { query: { screen: 'tickets', limit: 100 } } });
  const refresh = () => qc.invalidateQueries({ queryKey: ['get', '/api/saved-views/'] });
  const create = $api.useMutation('post', '/api/saved-views/', {
    onSuccess: () => {
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
            {t('tickets.views.title')}
          </Button>
        </Popover.Target>
        <Popover.Dropdown maw="calc(100vw - 32px)">
          <Stack gap={6} miw={220}>
            {views.error ? <Text size="sm">{errorMessage(views.error)}</Text> : null}
            {views.data && items.length === 0 ? <Text size="sm">{t('tickets.views.none')}</Text> : null}
            <Stack component="ul" gap={4} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {items.map((v) => (
                <Group component="li" key={v.id} justify="space-between" wrap="nowrap" gap="xs">
                  <UnstyledButton
                    onClick={() => {
                      setListOpen(false);
                      onOpen(fromParams(v.params));
                    }}
                    aria-label={t('tickets.views.open', { name: v.name })}
                    style={{ minWidth: 0 }}
                  >
                    <Text size="sm" fw={500} truncate>
                      {v.name}
                    </Text>
                    {!v.mine ? (
                      <Text size="xs" c="dimmed">
                        {t('tickets.views.sharedBy', { name: v.owner.username })}
                      </Text>
                    ) : null}
                  </UnstyledButton>
                  {v.mine ? (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      aria-label={t('tickets.views.delete', { name: v.name })}
                      onClick={() => remove.mutate({ params: { path: { view_id: v.id } } })}
                    >
                      <span aria-hidden="true">×</span>
                    </ActionIcon>
                  ) : null}
                </Group>
              ))}
            </Stack>
            {remove.error ? <Text size="sm">{errorMessage(remove.error)}</Text> : null}
            <Button
              size="xs"
              variant="light"
              onClick={() => {
                setListOpen(false);
                save.open();
              }}
            >
              {t('tickets.views.save')}
            </Button>
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <Modal opened={saveOpen} onClose={save.close} title={t('tickets.views.save')}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) create.mutate({ body: { screen: 'tickets', name: name.trim(), params: toParams(search), shared } });
          }}
        >
          <Stack>
            <TextInput
              label={t('tickets.views.name')}
              required
              maxLength={80}
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={nameError}
              data-autofocus
            />
            <Switch label={t('tickets.views.shared')} checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} />
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
