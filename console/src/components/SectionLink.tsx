import { Button } from '@mantine/core';
import { Link, useMatchRoute } from '@tanstack/react-router';
import type { ReactNode } from 'react';

/** A link to one section of the area, marked as the current page when it is. */
export function SectionLink({ to, children }: { to: string; children: ReactNode }) {
  const here = Boolean(useMatchRoute()({ to, fuzzy: true }));
  return (
    <Button
      size="compact-md"
      variant={here ? 'light' : 'subtle'}
      aria-current={here ? 'page' : undefined}
      renderRoot={(props) => <Link {...props} to={to} />}
    >
      {children}
    </Button>
  );
}
