import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { init, type Telemetry } from "../src/index";
import type { Item, SendResult } from "../src/types";

const recorder = vi.hoisted(() => ({ started: 0, stopped: 0, emit: null as null | ((seq: number, data: string) => void) }));
vi.mock("../src/recorder", () => ({
  startRecording: (emit: (seq: number, data: string) => void) => {
    recorder.started += 1;
    recorder.emit = emit;
    return { stop: () => void (recorder.stopped += 1) };
  },
}));

let sent: Item[] = [];
let answer: SendResult = { ok: true, retry: false };
let t: Telemetry;
const kinds = () => sent.map((i) => i.kind);
const start = (extra = {}) => {
  t = init({ endpoint: "/api/telemetry/", release: "web@1.0", flushMs: 10, ...extra }, async (items) => {
    sent.push(...items);
    return answer;
  });
};

describe("init", () => {
  beforeEach(() => {
    sessionStorage.clear();
    sent = [];
    answer = { ok: true, retry: false };
    recorder.started = recorder.stopped = 0;
    vi.useFakeTimers();
  });
  afterEach(() => {
    t.stop();
    vi.useRealTimers();
  });

  it("sends the device and a page view at once, then heartbeats every 15 s while visible", async () => {
    start({ tags: { staff: true } });
    await vi.advanceTimersByTimeAsync(10);
    expect(kinds()).toEqual(["device", "page_view"]);
    expect(sent[0]).toMatchObject({ user_agent: navigator.userAgent, screen: { width: expect.any(Number) }, staff: true });
    expect(sent[1]).toMatchObject({ url: location.href, session_id: t.sessionId });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(kinds().filter((k) => k === "heartbeat")).toHaveLength(2);
    expect(sent[sent.length - 1]).toMatchObject({ kind: "heartbeat", visible: true, rage_clicks: 0 });
  });

  it("counts single-page route changes as page views", async () => {
    history.replaceState({}, "", "/");
    start();
    history.pushState({}, "", "/courses/42");
    history.replaceState({}, "", "/courses/42?tab=2");
    await vi.advanceTimersByTimeAsync(20);
    const views = sent.filter((i) => i.kind === "page_view");
    expect(views.map((v) => new URL(String(v.url)).pathname + new URL(String(v.url)).search)).toEqual([
      "/",
      "/courses/42",
      "/courses/42?tab=2",
    ]);
    expect(views[1]?.referrer).toMatch(/\/$/);
  });

  it("reports uncaught errors and rejections with their stack, release and breadcrumbs (inputs masked)", async () => {
    start();
    const input = document.createElement("input");
    input.name = "password";
    input.value = "hunter2";
    document.body.append(input);
    input.dispatchEvent(new Event("change", { bubbles: true }));
    document.body.click();
    const err = new TypeError("boom");
    window.dispatchEvent(new ErrorEvent("error", { error: err, message: "boom" }));
    window.dispatchEvent(Object.assign(new Event("unhandledrejection"), { reason: new RangeError("later") }));
    await vi.advanceTimersByTimeAsync(10);
    const errors = sent.filter((i) => i.kind === "client_error");
    expect(errors.map((e) => [e.type, e.message, e.release])).toEqual([
      ["TypeError", "boom", "web@1.0"],
      ["RangeError", "later", "web@1.0"],
    ]);
    const crumbs = errors[0]?.breadcrumbs as { category: string; message: string }[];
    expect(crumbs.map((c) => c.message)).toEqual(["input[name=password]", "body"]);
    expect(JSON.stringify(sent)).not.toContain("hunter2");
    expect((errors[0]?.stack as unknown[]).length).toBeGreaterThan(0);
  });

  it("times API calls by route and reports cache figures with the next heartbeat", async () => {
    const original = window.fetch;
    window.fetch = vi.fn(async () => new Response("{}", { status: 200 }));
    start();
    await window.fetch("/api/courses/42");
    t.cacheHit(3);
    t.cacheMiss();
    await vi.advanceTimersByTimeAsync(15_010);
    const perf = sent.find((i) => i.kind === "performance" && i.api_calls);
    expect(perf).toMatchObject({ api_calls: [{ route: "/api/courses/{id}", duration_ms: expect.any(Number) }], cache_hits: 3, cache_misses: 1 });
    t.stop();
    window.fetch = original;
  });

  it("sends nothing outside the sample", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.99);
    start({ sampleRate: 0.5 });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(t.sampled).toBe(false);
    expect(sent).toEqual([]);
  });

  it("records only while consent stands: starts on a granted answer, stops at once when withdrawn", async () => {
    answer = { ok: true, retry: false, recording: true };
    start();
    await vi.advanceTimersByTimeAsync(10);
    await vi.dynamicImportSettled();
    expect(recorder.started).toBe(1);
    recorder.emit?.(0, "H4sI");
    t.setRecordingConsent(false);
    expect(recorder.stopped).toBe(1);
    answer = { ok: true, retry: false, consentRefused: true };
    await vi.advanceTimersByTimeAsync(20_000);
    expect(recorder.started).toBe(1);
    expect(sent.filter((i) => i.kind === "replay_chunk")).toHaveLength(1);
  });
});
