import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Queue } from "../src/queue";
import type { Item, SendResult } from "../src/types";

const item = (n: number, pad = 0): Item => ({ kind: "heartbeat", session_id: "s", at: `t${n}`, pad: "x".repeat(pad) });

describe("Queue", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("batches the items that arrive within flushMs into one request", async () => {
    const sent: Item[][] = [];
    const q = new Queue(async (items) => (sent.push(items), { ok: true, retry: false }), { flushMs: 5000, maxQueue: 100, maxBatchBytes: 60_000 });
    q.push(item(1));
    q.push(item(2));
    await vi.advanceTimersByTimeAsync(4999);
    expect(sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent.map((b) => b.map((i) => i.at))).toEqual([["t1", "t2"]]);
  });

  it("retries a failed batch with exponential backoff, then sends it once", async () => {
    const attempts: number[] = [];
    const answers: SendResult[] = [{ ok: false, retry: true }, { ok: false, retry: true }, { ok: true, retry: false }];
    const q = new Queue(async () => (attempts.push(Date.now()), answers.shift() as SendResult), { flushMs: 0, maxQueue: 100, maxBatchBytes: 60_000 });
    vi.spyOn(Math, "random").mockReturnValue(0.5); // no jitter
    const start = Date.now();
    q.push(item(1), true);
    await vi.advanceTimersByTimeAsync(0);
    await vi.advanceTimersByTimeAsync(1000);
    await vi.advanceTimersByTimeAsync(2000);
    expect(attempts.map((t) => t - start)).toEqual([0, 1000, 3000]);
    expect(q.size).toBe(0);
    expect(q.failures).toBe(0);
  });

  it("drops a batch the server refuses (4xx) instead of retrying it", async () => {
    const send = vi.fn(async () => ({ ok: false, retry: false }));
    const q = new Queue(send, { flushMs: 0, maxQueue: 100, maxBatchBytes: 60_000 });
    q.push(item(1), true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(send).toHaveBeenCalledTimes(1);
    expect(q.size).toBe(0);
  });

  it("caps the queue and each batch's size", async () => {
    const sent: Item[][] = [];
    const q = new Queue(async (items) => (sent.push(items), { ok: true, retry: false }), { flushMs: 10, maxQueue: 3, maxBatchBytes: 400 });
    for (let n = 1; n <= 5; n++) q.push(item(n, 100));
    q.push(item(6, 1000)); // alone over the batch cap: dropped, never blocks the rest
    expect(q.dropped).toBe(3);
    await vi.advanceTimersByTimeAsync(10);
    expect(sent.map((b) => b.map((i) => i.at))).toEqual([["t4", "t5"]]);
    expect(q.dropped).toBe(4);
  });

  it("sends everything at once on a final flush (page hide)", async () => {
    const finals: boolean[] = [];
    const q = new Queue(async (_items, final) => (finals.push(final), { ok: true, retry: false }), { flushMs: 5000, maxQueue: 100, maxBatchBytes: 200 });
    for (let n = 1; n <= 4; n++) q.push(item(n, 50));
    await q.flush(true);
    expect(finals.length).toBeGreaterThan(1);
    expect(finals.every(Boolean)).toBe(true);
    expect(q.size).toBe(0);
  });
});
