/** The console reports its own use with the browser SDK (clients/telemetry), like any front end: the API stores a
 * staff member's sessions marked `staff`, kept out of the learner figures. Loaded after the shell's first paint (a
 * dynamic import), started once per tab while someone is signed in, stopped at sign-out. */
import type { Telemetry } from '@telemetry';

let running: Telemetry | null = null;
let starting = false;

export function startTelemetry(): void {
  if (running || starting || import.meta.env.MODE === 'test') return;
  starting = true;
  void import('@telemetry')
    .then(({ init }) => {
      running = init({ endpoint: '/api/telemetry/', release: 'console@0.1.0', recording: false });
    })
    .catch(() => undefined) // reporting is a nicety: the console works without it
    .finally(() => {
      starting = false;
    });
}

export async function stopTelemetry(): Promise<void> {
  const t = running;
  running = null;
  if (!t) return;
  await t.flush().catch(() => undefined);
  t.stop();
}
