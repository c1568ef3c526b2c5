import '@mantine/core/styles/Table.css';
import '@mantine/core/styles/Kbd.css';
import { Kbd, Modal, Table } from '@mantine/core';
import { useRouter } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { t } from '@/lib/i18n';
import { navItems } from './nav';
import { usePaletteActions } from './palette';
import { GLOBAL } from './shortcuts';

/** The `?` cheat sheet (its own chunk: see Shell). */
export function ShortcutSheet({ opened, onClose }: { opened: boolean; onClose: () => void }): ReactNode {
  const router = useRouter();
  const actions = usePaletteActions().filter((a) => a.shortcut);
  const rows: { keys: string; label: string }[] = [
    ...GLOBAL.map((g) => ({ keys: g.keys, label: t(g.label) })),
    ...navItems(router).map((n) => ({ keys: n.hotkey.toUpperCase(), label: t(n.label) })),
    ...actions.map((a) => ({ keys: a.shortcut ?? '', label: a.label })),
  ];
  return (
    <Modal opened={opened} onClose={onClose} title={t('shortcuts.title')} size="md">
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('shortcuts.key')}</Table.Th>
            <Table.Th scope="col">{t('shortcuts.action')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={`${r.keys}-${r.label}`}>
              <Table.Td>
                <Kbd>{r.keys}</Kbd>
              </Table.Td>
              <Table.Td>{r.label}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Modal>
  );
}

