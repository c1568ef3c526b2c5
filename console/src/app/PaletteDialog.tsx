/** The palette's dialog (Mantine Spotlight), loaded after the shell so the first download stays small. */
import '@mantine/core/styles/Kbd.css';
import '@mantine/spotlight/styles.css';
import { Spotlight, spotlight } from '@mantine/spotlight';
import { useDebouncedValue } from '@mantine/hooks';
import { useRouter } from '@tanstack/react-router';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { $api } from '@/lib/api';
import { useCan } from '@/lib/auth';
import { t } from '@/lib/i18n';
import { navItems } from './nav';
import { onOpenRequest, takeOpenRequest, usePaletteActions } from './palette';

const TICKET_CODE = /^[A-Za-z]{2,6}-?\d+$|^#?\d+$/;

function matches(text: string, query: string): boolean {
  return text.toLowerCase().includes(query.trim().toLowerCase());
}

export function PaletteDialog(): ReactNode {
  const router = useRouter();
  const can = useCan();
  const [query, setQuery] = useState('');
  const [debounced] = useDebouncedValue(query.trim(), 200);
  const actions = usePaletteActions();
  useEffect(() => {
    const open = () => {
      if (takeOpenRequest()) spotlight.open();
    };
    open();
    return onOpenRequest(open);
  }, []);
  const canLearners = can('profiles.search');
  const canTickets = can('tickets.read');
  const asId = /^#?(\d{1,18})$/.exec(debounced)?.[1];

  const learners = $api.useQuery(
    'get',
    '/api/users/profiles/',
    { params: { query: { q: debounced, limit: 6 } } },
    { enabled: canLearners && debounced.length >= 2 && !asId },
  );
  const tickets = $api.useQuery(
    'get',
    '/api/support/tickets/',
    { params: { query: { q: debounced, limit: 5 } } },
    { enabled: canTickets && TICKET_CODE.test(debounced) },
  );

  const go = (href: string) => {
    spotlight.close();
    void router.navigate({ href });
  };

  const screens = useMemo(
    () => navItems(router).filter((item) => can(item.permission)),
    [router, can],
  );
  const visibleActions = actions.filter((a) => !query || matches(`${a.label} ${a.description ?? ''}`, query));
  const visibleScreens = screens.filter((s) => !query || matches(t(s.label), query));
  const learnerItems = learners.data?.items ?? [];
  const ticketItems = (tickets.data?.items ?? []).filter((tk) => matches(tk.ticket_id, debounced) || TICKET_CODE.test(debounced));
  const empty =
    visibleActions.length + visibleScreens.length + learnerItems.length + ticketItems.length === 0 &&
    !(asId && canLearners);

  return (
    <Spotlight.Root query={query} onQueryChange={setQuery} shortcut={null} scrollable maxHeight={420}>
      <Spotlight.Search placeholder={t('palette.placeholder')} aria-label={t('shell.palette')} />
      <Spotlight.ActionsList>
        {visibleActions.length > 0 ? (
          <Spotlight.ActionsGroup label={t('palette.actions')}>
            {visibleActions.map((a) => (
              <Spotlight.Action
                key={a.id}
                label={a.label}
                {...(a.description ? { description: a.description } : {})}
                rightSection={a.shortcut ? <kbd>{a.shortcut}</kbd> : undefined}
                onClick={() => {
                  spotlight.close();
                  a.run();
                }}
              />
            ))}
          </Spotlight.ActionsGroup>
        ) : null}
        {asId && canLearners ? (
          <Spotlight.ActionsGroup label={t('palette.learners')}>
            <Spotlight.Action label={t('palette.learnerById', { id: asId })} onClick={() => go(`/learners/${asId}`)} />
          </Spotlight.ActionsGroup>
        ) : null}
        {learnerItems.length > 0 ? (
          <Spotlight.ActionsGroup label={t('palette.learners')}>
            {learnerItems.map((l) => (
              <Spotlight.Action
                key={l.id}
                label={`${l.first_name} ${l.last_name}`.trim() || l.username}
                description={`${l.username} · ${l.email} · #${l.id}`}
                onClick={() => go(`/learners/${l.id}`)}
              />
            ))}
          </Spotlight.ActionsGroup>
        ) : null}
        {ticketItems.length > 0 ? (
          <Spotlight.ActionsGroup label={t('palette.tickets')}>
            {ticketItems.map((tk) => (
              <Spotlight.Action
                key={tk.id}
                label={`${tk.ticket_id} · ${tk.title}`}
                onClick={() => go(`/tickets/${tk.id}`)}
              />
            ))}
          </Spotlight.ActionsGroup>
        ) : null}
        {visibleScreens.length > 0 ? (
          <Spotlight.ActionsGroup label={t('palette.navigation')}>
            {visibleScreens.map((s) => (
              <Spotlight.Action key={s.href} label={t(s.label)} onClick={() => go(s.href)} />
            ))}
          </Spotlight.ActionsGroup>
        ) : null}
        {empty ? (
          <Spotlight.Empty>
            {learners.isFetching || tickets.isFetching ? t('palette.searching') : t('palette.nothing')}
          </Spotlight.Empty>
        ) : null}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
