import { createTheme, localStorageColorSchemeManager } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'sm',
  // Focus rings always visible for keyboard users (never removed).
  focusRing: 'auto',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});

/** Light or dark, remembered per browser (no inline script: the CSP forbids one, so the first paint is light). */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'console-color-scheme' });
