/** The queue's "pause live updates" switch, remembered on this device. */
import { useLocalStorage } from '@mantine/hooks';

export const PAUSE_KEY = 'console.tickets.livePaused';

export function useLivePause(): [boolean, (paused: boolean) => void] {
  const [paused, setPaused] = useLocalStorage<boolean>({ key: PAUSE_KEY, defaultValue: false, getInitialValueInEffect: false });
  return [paused, setPaused];
}
