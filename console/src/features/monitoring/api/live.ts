/** The `monitoring` channel: each pulse (at most every 5 s) re-reads the live figures and lists on screen; alerts and
 * group changes re-read theirs. Events only invalidate cached queries. */
import { useQueryClient } from '@tanstack/react-query';

import { useChannels } from '@/lib/events';

export function useMonitoringLive(): void {
  const qc = useQueryClient();
  useChannels(['monitoring'], (e) => {
    if (e.type === 'monitoring.pulse') {
      void qc.invalidateQueries({ queryKey: ['monitoring', 'overview'] });
      void qc.invalidateQueries({ queryKey: ['monitoring', 'sessions'] });
    } else if (e.type === 'monitoring.alert') {
      void qc.invalidateQueries({ queryKey: ['monitoring', 'alerts'] });
    } else if (e.type === 'monitoring.group_changed') {
      void qc.invalidateQueries({ queryKey: ['monitoring', 'groups'] });
      void qc.invalidateQueries({ queryKey: ['monitoring', 'group'] });
    }
  });
}
