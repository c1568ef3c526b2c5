import { createTheme, localStorageColorSchemeManager } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 keeps white text on filled buttons and badges above 4.5:1 (shade 6, Mantine's default, is about 3.6:1),
  // and autoContrast picks dark text on light fills (yellow, lime) so no colour fails WCAG AA.
  primaryShade: { light: 8, dark: 8 },
  autoContrast: true,
  defaultRadius: 'sm',
  // Focus rings always visible for keyboard users (never removed).
  focusRing: 'auto',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
});

/** Light or dark, remembered per browser (no inline script: the CSP forbids one, so the first paint is light). */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'console-color-scheme' });
