/** The session replay: rrweb-player and its styles load only when a session with a replay is opened. */
import { Alert, Button, Loader, Text } from '@mantine/core';
import { useEffect, useRef, useState } from 'react';

import { t } from '@/lib/i18n';

import { decodeReplay, type Chunk } from '../model/replay';

type State = 'idle' | 'loading' | 'playing' | 'empty' | 'failed';

export function ReplayPlayer({ chunks }: { chunks: readonly Chunk[] }) {
  const target = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<State>('idle');
  const player = useRef<{ $destroy?: () => void } | null>(null);
  useEffect(() => () => player.current?.$destroy?.(), []);

  const start = async () => {
    setState('loading');
    try {
      const [events, mod] = await Promise.all([
        decodeReplay(chunks),
        import('rrweb-player'),
        import('rrweb-player/dist/style.css'),
      ]);
      if (events.length < 2 || !target.current) {
        setState('empty');
        return;
      }
      const width = Math.min(target.current.clientWidth || 640, 1024);
      player.current = new mod.default({
        target: target.current,
        props: { events: events as never, width, height: Math.round(width * 0.56), autoPlay: true },
      }) as never;
      setState('playing');
    } catch {
      setState('failed');
    }
  };

  return (
    <div>
      {state === 'idle' && <Button onClick={() => void start()}>{t('monitoring.playReplay')}</Button>}
      {state === 'loading' && <Loader aria-label={t('common.loading')} />}
      {state === 'empty' && <Text c="dimmed">{t('monitoring.replayEmpty')}</Text>}
      {state === 'failed' && (
        <Alert color="red" role="alert">
          {t('monitoring.replayFailed')}
        </Alert>
      )}
      <div ref={target} aria-label={t('monitoring.replay')} role="region" style={{ maxWidth: '100%', overflowX: 'auto' }} />
    </div>
  );
}
