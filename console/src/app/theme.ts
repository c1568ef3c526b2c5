import { createTheme, DEFAULT_THEME, Loader, localStorageColorSchemeManager, type CSSVariablesResolver } from '@mantine/core';

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
  components: {
    // A loader is a status: its "Loading" label is allowed there (axe refuses aria-label on a span without a role,
    // which it finds whenever a walk catches a screen still loading).
    Loader: Loader.extend({ defaultProps: { role: 'status' } }),
  },
});

// Colours whose darkest shade is still too light for text on white: their light badges take dark text.
const PALE = new Set(['yellow', 'orange', 'lime']);
const COLORS = Object.keys(DEFAULT_THEME.colors);

function lightColors(shade: (color: string) => string, outline = false): Record<string, string> {
  const names = outline ? ['light-color', 'outline'] : ['light-color'];
  return Object.fromEntries(COLORS.flatMap((c) => names.map((n) => [`--mantine-color-${c}-${n}`, shade(c)])));
}

/** WCAG AA contrast (4.5:1) for what Mantine's defaults miss: dimmed text, light and outline badges' text. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    // shade 9 darkened a quarter: 6:1 and more on the tinted badge background, the hue still shows
    ...lightColors((c) =>
      PALE.has(c) ? 'var(--mantine-color-dark-7)' : `color-mix(in srgb, var(--mantine-color-${c}-9) 75%, black)`,
      true,
    ),
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    ...lightColors((c) => `var(--mantine-color-${c}-2)`),
  },
});

/** Light or dark, remembered per browser (no inline script: the CSP forbids one, so the first paint is light). */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'console-color-scheme' });
