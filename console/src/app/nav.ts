import type { AnyRouter } from '@tanstack/react-router';
import type { MessageKey } from '@/lib/i18n';

export type NavItem = { href: string; label: MessageKey; permission: string; hotkey: string };

/** The console's areas, in menu order. An area shows only when its routes are mounted and the role may read it. */
const AREAS: NavItem[] = [
  { href: '/learners', label: 'shell.learners', permission: 'profiles.search', hotkey: 'g l' },
  { href: '/tickets', label: 'shell.tickets', permission: 'tickets.read', hotkey: 'g t' },
  { href: '/knowledge-base', label: 'shell.knowledge', permission: 'kb.read', hotkey: 'g k' },
  { href: '/compliance', label: 'shell.compliance', permission: 'audit.read', hotkey: 'g c' },
  { href: '/security', label: 'shell.security', permission: 'security.read', hotkey: 'g s' },
  { href: '/impersonation', label: 'shell.impersonation', permission: 'impersonate', hotkey: 'g i' },
  { href: '/bulk', label: 'shell.bulk', permission: 'bulk.run', hotkey: 'g b' },
  { href: '/analytics', label: 'shell.analytics', permission: 'analytics.read', hotkey: 'g a' },
  { href: '/monitoring', label: 'shell.monitoring', permission: 'monitoring.read', hotkey: 'g m' },
];

export function navItems(router: AnyRouter): NavItem[] {
  const byPath = router.routesByPath as Record<string, unknown>;
  return AREAS.filter((a) => a.href in byPath || `${a.href}/` in byPath);
}
