// Debian's browsers, never Playwright's download (it cannot reach its servers on this project's machines).
// Chromium: the headless shell, launched by path. Firefox ESR: driven over WebDriver BiDi, which Playwright
// selects for the `moz-firefox` channel (its own Juggler protocol needs a patched Firefox); 1.64.1 is the last
// release that drives Firefox ESR 153.
import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

export const CHROMIUM_PATH = '/usr/bin/chromium-headless-shell';
export const FIREFOX_PATH = '/usr/bin/firefox-esr';

export const chromiumLaunch: LaunchOptions = {
  executablePath: CHROMIUM_PATH,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

export const firefoxLaunch: LaunchOptions = {
  executablePath: FIREFOX_PATH,
  firefoxUserPrefs: {
    'app.update.enabled': false,
    'browser.shell.checkDefaultBrowser': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.enabled': false,
    'extensions.update.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'network.captive-portal-service.enabled': false,
  },
};

/** The browsers that are missing, by package name (what `apt-get install` wants). */
export function missingBrowsers(): string[] {
  const missing: string[] = [];
  if (!existsSync(CHROMIUM_PATH)) missing.push('chromium-headless-shell');
  if (!existsSync(FIREFOX_PATH)) missing.push('firefox-esr');
  return missing;
}
