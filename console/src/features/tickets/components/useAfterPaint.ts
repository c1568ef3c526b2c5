import { useEffect, useState } from 'react';

/** False until `ready` (the main content) has been rendered and painted (the next task after a frame): what is
 * not needed first (side panels, suggestions) renders and asks for its data after the main content is on screen. */
export function useAfterPaint(ready: boolean): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    if (!ready || painted) return undefined;
    let timer = 0;
    const frame = window.requestAnimationFrame(() => {
      timer = window.setTimeout(() => setPainted(true), 0);
    });
    return () => {
      window.cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [ready, painted]);
  return painted;
}
