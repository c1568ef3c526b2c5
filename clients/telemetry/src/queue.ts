import type { Item, Send, SendResult } from "./types";

export interface QueueOptions {
  flushMs: number;
  maxQueue: number;
  maxBatchBytes: number;
  maxItems?: number;
  onResult?: (r: SendResult) => void;
}

/** Items wait here until a batch goes: every `flushMs`, at once when urgent, and on page hide (final).
 * A failed batch is put back and retried with exponential backoff (1 s, 2 s, 4 s ... up to 60 s, with jitter). */
export class Queue {
  private items: Item[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private sending = false;
  failures = 0;
  dropped = 0;

  constructor(
    private readonly send: Send,
    private readonly opts: QueueOptions,
  ) {}

  get size(): number {
    return this.items.length;
  }

  push(item: Item, urgent = false): void {
    this.items.push(item);
    const over = this.items.length - this.opts.maxQueue;
    if (over > 0) {
      this.items.splice(0, over);
      this.dropped += over;
    }
    if (urgent && this.failures === 0) this.schedule(0);
    else this.schedule(this.opts.flushMs);
  }

  private schedule(ms: number): void {
    if (this.timer !== null) {
      if (ms > 0) return;
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush(false);
    }, ms);
  }

  /** The next batch: as many items as fit in maxBatchBytes (one oversized item alone is dropped). */
  private take(): Item[] {
    const batch: Item[] = [];
    let bytes = 12;
    const max = this.opts.maxItems ?? 500;
    while (this.items.length > 0 && batch.length < max) {
      const next = this.items[0] as Item;
      const size = JSON.stringify(next).length + 1;
      if (size + 12 > this.opts.maxBatchBytes) {
        this.items.shift();
        this.dropped += 1;
        continue;
      }
      if (bytes + size > this.opts.maxBatchBytes) break;
      bytes += size;
      batch.push(next);
      this.items.shift();
    }
    return batch;
  }

  async flush(final: boolean): Promise<void> {
    if (this.sending && !final) return;
    if (final) {
      while (this.items.length > 0) {
        const batch = this.take();
        if (batch.length === 0) break;
        void this.send(batch, true).catch(() => undefined);
      }
      return;
    }
    this.sending = true;
    try {
      while (this.items.length > 0) {
        const batch = this.take();
        if (batch.length === 0) break;
        let result: SendResult;
        try {
          result = await this.send(batch, false);
        } catch {
          result = { ok: false, retry: true };
        }
        this.opts.onResult?.(result);
        if (!result.ok && result.retry) {
          this.items.unshift(...batch);
          this.failures += 1;
          const backoff = Math.min(60_000, 1000 * 2 ** (this.failures - 1));
          this.schedule(backoff * (0.8 + Math.random() * 0.4));
          return;
        }
        this.failures = 0;
      }
    } finally {
      this.sending = false;
    }
  }

  stop(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
