/** The frame around every signed-in screen: header, navigation by permission, live-stream state, palette. */
import {
  ActionIcon,
  Alert,
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  Kbd,
  NavLink,
  Text,
  VisuallyHidden,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { Outlet, useLocation, useNavigate, useRouter } from '@tanstack/react-router';
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { AppLink } from '@/components/AppLink';
import { signOut } from '@/features/auth/api';
import { useCan, useMe } from '@/lib/auth';
import { useStreamState } from '@/lib/events';
import { formatDateTime, t } from '@/lib/i18n';
import { session } from '@/lib/session';
import { startTelemetry, stopTelemetry } from '@/lib/telemetry';
import { ErrorBoundary } from './ErrorBoundary';
import { navItems } from './nav';
import { openPalette } from './palette';
import { SessionExpiredModal } from './SessionExpired';
import { useGlobalShortcuts } from './shortcuts';

// Loaded after the shell: the palette's dialog and the cheat sheet are not part of the first download.
const PaletteDialog = lazy(() => import('./PaletteDialog').then((m) => ({ default: m.PaletteDialog })));
const ShortcutSheet = lazy(() => import('./ShortcutSheet').then((m) => ({ default: m.ShortcutSheet })));

function StreamIndicator(): ReactNode {
  const state = useStreamState();
  if (state === 'open') return null;
  return (
    <Badge color="yellow" variant="light" role="status" aria-live="polite" title={t('shell.reconnecting')}>
      <span aria-hidden="true">⟳ </span>
      <span className="stream-short">{t('shell.reconnecting').split('…')[0]}…</span>
      <VisuallyHidden>{t('shell.reconnecting')}</VisuallyHidden>
    </Badge>
  );
}

function SchemeToggle(): ReactNode {
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const dark = computed === 'dark';
  return (
    <ActionIcon
      variant="default"
      size="lg"
      aria-label={t('shell.darkMode')}
      title={t('shell.toggleScheme')}
      aria-pressed={dark}
      onClick={() => setColorScheme(dark ? 'light' : 'dark')}
    >
      <span aria-hidden="true">{dark ? '☀' : '☾'}</span>
    </ActionIcon>
  );
}

function ImpersonationBanner(): ReactNode {
  const { data: me } = useMe();
  const imp = me?.impersonation;
  if (!imp) return null;
  return (
    <Alert color="orange" variant="filled" radius={0} role="alert" py={6}>
      {t('shell.impersonating', {
        name: imp.impersonator.name || imp.impersonator.username,
        scope: String(imp.scope),
        reason: imp.reason,
        ends: formatDateTime(imp.expires_at),
      })}
    </Alert>
  );
}

/** Who is signed in (their roles in the title) and the way out. */
function Account(): ReactNode {
  const { data: me } = useMe();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  if (!me) return null;
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" fw={500} truncate maw={140} visibleFrom="sm" title={t('shell.roles', { roles: me.roles.join(', ') })}>
        {me.username}
      </Text>
      <Button
        variant="subtle"
        size="sm"
        px={6}
        onClick={async () => {
          await stopTelemetry();
          await signOut();
          session.signedOut();
          queryClient.clear();
          await navigate({ to: '/login', replace: true });
        }}
      >
        {t('auth.signOut')}
      </Button>
    </Group>
  );
}

export function Shell(): ReactNode {
  const [navOpened, nav] = useDisclosure(false);
  const [sheetOpened, setSheetOpened] = useState(false);
  const [sheetLoaded, setSheetLoaded] = useState(false);
  const openSheet = useRef(() => {
    setSheetLoaded(true);
    setSheetOpened(true);
  }).current;
  const can = useCan();
  const router = useRouter();
  const location = useLocation();
  const main = useRef<HTMLDivElement>(null);
  useGlobalShortcuts(openSheet);
  const items = navItems(router).filter((item) => can(item.permission));

  useEffect(startTelemetry, []); // the SDK loads after the shell's first paint

  // Focus moves to the new screen's content on navigation (screen readers hear the new page).
  const firstRender = useRef(true);
  useEffect(() => {
    nav.close();
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="md"
    >
      <a href="#main" className="skip-link">
        {t('common.skipToContent')}
      </a>
      <AppShell.Header>
        <Group h="100%" px="sm" justify="space-between" wrap="nowrap" gap="xs">
          <Group gap="xs" wrap="nowrap">
            <Burger
              opened={navOpened}
              onClick={nav.toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={navOpened ? t('shell.closeNav') : t('shell.openNav')}
              aria-expanded={navOpened}
              aria-controls="console-nav"
            />
            <Text fw={700} component="span" visibleFrom="xs">
              {t('app.name')}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <StreamIndicator />
            <Button
              variant="default"
              size="sm"
              onClick={openPalette}
              aria-label={t('shell.palette')}
              aria-keyshortcuts="Control+K Meta+K"
              rightSection={<Kbd visibleFrom="md">Ctrl K</Kbd>}
            >
              {t('shell.paletteShort')}
            </Button>
            <ActionIcon
              variant="default"
              size="lg"
              onClick={openSheet}
              aria-label={t('shell.shortcuts')}
              title={t('shell.shortcuts')}
              aria-keyshortcuts="?"
            >
              <span aria-hidden="true">?</span>
            </ActionIcon>
            <SchemeToggle />
            <Account />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" id="console-nav" component="nav" aria-label={t('shell.nav')}>
        {items.map((item) => {
          const active = location.pathname === item.href || location.pathname.startsWith(`${item.href}/`);
          return (
            <NavLink
              key={item.href}
              component={AppLink}
              to={item.href}
              label={t(item.label)}
              active={active}
              aria-current={active ? 'page' : undefined}
            />
          );
        })}
      </AppShell.Navbar>
      <AppShell.Main>
        <ImpersonationBanner />
        <div id="main" ref={main} tabIndex={-1} style={{ outline: "none", minWidth: 0 }}>
          <ErrorBoundary resetKey={location.pathname}>
            <Outlet />
          </ErrorBoundary>
        </div>
      </AppShell.Main>
      <Suspense fallback={null}>
        <PaletteDialog />
        {sheetLoaded ? <ShortcutSheet opened={sheetOpened} onClose={() => setSheetOpened(false)} /> : null}
      </Suspense>
      <SessionExpiredModal />
      {/* Inside the router: a notification may hold a link. */}
      <Notifications position="top-right" />
    </AppShell>
  );
}
