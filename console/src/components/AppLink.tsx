import { useRouter } from '@tanstack/react-router';
import { forwardRef, type AnchorHTMLAttributes, type MouseEvent } from 'react';

type Props = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** A real link to a console path given as a string (e.g. a route another feature owns): an <a href> that
 * opens in a new tab on Ctrl/Cmd-click and navigates in place otherwise. Prefer the router's <Link> for routes
 * of your own feature. */
export const AppLink = forwardRef<HTMLAnchorElement, Props>(function AppLink({ to, onClick, ...rest }, ref) {
  const router = useRouter();
  const href = router.buildLocation({ href: to } as never).href;
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    void router.navigate({ href: to });
  };
  return <a ref={ref} href={href} onClick={handle} {...rest} />;
});
