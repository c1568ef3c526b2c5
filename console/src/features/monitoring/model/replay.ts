/** Replay chunks as the API stores them: base64 of gzip-compressed JSON arrays of rrweb events, in `seq` order. */
export type Chunk = { seq: number; data: string };

async function gunzip(bytes: Uint8Array): Promise<string> {
  const body = new Response(bytes as BodyInit).body;
  if (body === null) return '';
  return new Response(body.pipeThrough(new DecompressionStream('gzip'))).text();
}

function fromBase64(data: string): Uint8Array {
  const raw = atob(data);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i += 1) out[i] = raw.charCodeAt(i);
  return out;
}

/** The session's events, oldest first. A chunk that does not decode (cut at the 256 KiB cap) is skipped. */
export async function decodeReplay(chunks: readonly Chunk[]): Promise<unknown[]> {
  const ordered = [...chunks].sort((a, b) => a.seq - b.seq);
  const events: unknown[] = [];
  for (const chunk of ordered) {
    try {
      const parsed: unknown = JSON.parse(await gunzip(fromBase64(chunk.data)));
      if (Array.isArray(parsed)) events.push(...(parsed as unknown[]));
    } catch {
      // a truncated or corrupt chunk: play what decodes
    }
  }
  return events.sort((a, b) => timestamp(a) - timestamp(b));
}

function timestamp(e: unknown): number {
  const ts = (e as { timestamp?: unknown } | null)?.timestamp;
  return typeof ts === 'number' ? ts : 0;
}
