/** Session recording with rrweb, in its own chunk: loaded only once the learner's session_recording consent is
 * known to stand. Events are gathered for a few seconds, gzip-compressed (CompressionStream) and base64-encoded
 * into `replay_chunk` items. */
import { record } from "@rrweb/record";

export interface Recording {
  stop(): void;
}

export async function gzipBase64(text: string): Promise<string> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream("gzip"));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function startRecording(
  emitChunk: (seq: number, data: string) => void,
  maskInputs: boolean,
  everyMs = 5000,
): Recording {
  let events: unknown[] = [];
  let seq = 0;
  let stopped = false;
  const flush = (): void => {
    if (events.length === 0) return;
    const batch = events;
    events = [];
    const n = seq++;
    void gzipBase64(JSON.stringify(batch)).then((data) => {
      if (!stopped) emitChunk(n, data);
    });
  };
  const stopRecord = record({
    emit(event) {
      if (!stopped) events.push(event);
    },
    maskAllInputs: maskInputs,
    blockClass: "us-no-record",
    maskTextClass: "us-mask",
    checkoutEveryNms: 5 * 60_000,
  });
  const timer = setInterval(flush, everyMs);
  const onHide = (): void => flush();
  document.addEventListener("visibilitychange", onHide);
  return {
    stop() {
      // withdrawn consent: nothing more is recorded or sent, not even the events already gathered
      stopped = true;
      events = [];
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onHide);
      stopRecord?.();
    },
  };
}
