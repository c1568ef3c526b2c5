/** The English messages of the shared components (src/components), merged into the catalogue in en.ts. */
export const shared = {
  // conflict (409 on a stale version)
  'conflict.title': 'Someone changed this while you were editing',
  'conflict.body': 'Here is what changed since you loaded it. Your change is kept: re-apply it on top of theirs, or drop it.',
  'conflict.field': 'Field',
  'conflict.theirs': 'Now',
  'conflict.yours': 'Your change',
  'conflict.before': 'When you loaded it',
  'conflict.reapply': 'Re-apply my change',
  'conflict.discard': 'Drop my change',
  'conflict.unchanged': '(unchanged)',

  // saved views (a screen's URL search state under a name)
  'views.title': 'Saved views',
  'views.none': 'No saved views yet.',
  'views.open': 'Open view {name}',
  'views.sharedBy': 'shared by {name}',
  'views.delete': 'Delete view {name}',
  'views.save': 'Save this view',
  'views.name': 'View name',
  'views.shared': 'Share with my team',
  'views.saved': 'View saved',

  // countdown (a deadline to the second)
  'countdown.left': '{time} left',
  'countdown.passed': 'expired',
} as const;
