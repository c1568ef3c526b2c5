/** Router links styled as Mantine anchors and buttons: real <a href> elements with typed `to` and `params`. */
import { Anchor, Button, type AnchorProps, type ButtonProps } from '@mantine/core';
import { createLink, type LinkComponent } from '@tanstack/react-router';
import { forwardRef, type AnchorHTMLAttributes } from 'react';

type AnchorBase = AnchorProps & AnchorHTMLAttributes<HTMLAnchorElement>;
const MantineAnchor = forwardRef<HTMLAnchorElement, AnchorBase>(function MantineAnchor(props, ref) {
  return <Anchor ref={ref} {...props} />;
});
const CreatedAnchor = createLink(MantineAnchor);
export const AnchorLink: LinkComponent<typeof MantineAnchor> = (props) => <CreatedAnchor preload="intent" {...props} />;

type ButtonBase = ButtonProps & AnchorHTMLAttributes<HTMLAnchorElement>;
const MantineButtonAnchor = forwardRef<HTMLAnchorElement, ButtonBase>(function MantineButtonAnchor(props, ref) {
  return <Button component="a" ref={ref} {...props} />;
});
const CreatedButton = createLink(MantineButtonAnchor);
export const ButtonLink: LinkComponent<typeof MantineButtonAnchor> = (props) => <CreatedButton preload="intent" {...props} />;
