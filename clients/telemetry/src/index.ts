/** Browser telemetry for the support dashboard. Three lines in a front end:
 *
 *   import { init } from "@user-support/telemetry";
 *   init({ endpoint: "/api/telemetry/", release: "web@1.4.0" });
 *
 * See docs/monitoring.md, "Add the SDK to a front end". */
import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from "web-vitals";
import { deviceFields } from "./device";
import { Breadcrumbs, describe, parseStack, shapeOf } from "./errors";
import { wrapNetwork } from "./network";
import { Queue } from "./queue";
import type { Recording } from "./recorder";
import { transport } from "./transport";
import type { Item, Kind, Options, Send, SendResult } from "./types";
import { now, routeOf, sessionId } from "./util";

export type { Item, Options } from "./types";
export { parseStack } from "./errors";
export { routeOf } from "./util";

export interface Telemetry {
  readonly sessionId: string;
  readonly sampled: boolean;
  /** Report a caught error (with the same stack and breadcrumbs as an uncaught one). */
  error(err: unknown): void;
  /** Your app's cache: count hits and misses (sent with the next performance item). */
  cacheHit(n?: number): void;
  cacheMiss(n?: number): void;
  breadcrumb(category: string, message: string): void;
  /** Tell the SDK the learner's session_recording consent as soon as your consent screen changes it. */
  setRecordingConsent(granted: boolean): void;
  flush(): Promise<void>;
  stop(): void;
}

type Extra = Record<string, unknown>;

function sampledIn(rate: number): boolean {
  const key = "us_telemetry_sampled";
  try {
    const kept = sessionStorage.getItem(key);
    if (kept !== null) return kept === "1";
    const yes = Math.random() < rate;
    sessionStorage.setItem(key, yes ? "1" : "0");
    return yes;
  } catch {
    return Math.random() < rate;
  }
}

/** Start collecting. `send` replaces the network transport (tests). */
export function init(options: Options, send?: Send): Telemetry {
  const opts = { heartbeatSeconds: 15, flushMs: 5000, maxQueue: 500, maxBatchBytes: 60_000, ...options };
  const sid = sessionId();
  const sampled = sampledIn(opts.sampleRate ?? 1);
  const crumbs = new Breadcrumbs();
  const endpoint = new URL(opts.endpoint, location.href).href;
  const origins = opts.inAppOrigins ?? [location.origin];
  const inApp = (url: string): boolean => origins.some((o) => url.startsWith(o));
  const cleanups: (() => void)[] = [];
  let recording: Recording | null = null;
  let recordingWanted = false;
  let loading = false;
  let stopped = false;

  const onResult = (r: SendResult): void => {
    if (r.consentRefused) setConsent(false);
    else if (typeof r.recording === "boolean") setConsent(r.recording);
  };
  const queue = new Queue(send ?? transport(opts), {
    flushMs: opts.flushMs,
    maxQueue: opts.maxQueue,
    maxBatchBytes: opts.maxBatchBytes,
    onResult,
  });
  const emit = (kind: Kind, fields: Extra, urgent = false): void => {
    if (!sampled || stopped) return;
    queue.push({ ...opts.tags, ...fields, kind, session_id: sid, at: now() } as Item, urgent);
  };

  // performance: API calls, cache figures and vitals gathered, sent with the heartbeat (or on hide)
  let calls: { route: string; duration_ms: number }[] = [];
  let hits = 0;
  let misses = 0;
  let vitals: Record<string, number> = {};
  const sendPerformance = (): void => {
    if (calls.length === 0 && hits === 0 && misses === 0 && Object.keys(vitals).length === 0) return;
    emit("performance", {
      url: location.href,
      api_calls: calls.slice(0, 100),
      cache_hits: hits,
      cache_misses: misses,
      vitals,
    });
    calls = [];
    hits = misses = 0;
    vitals = {};
  };

  const page = (): Extra => ({ url: location.href, title: document.title.slice(0, 300) });
  let rageClicks = 0;
  const heartbeat = (extra: Extra = {}): void => {
    sendPerformance();
    emit("heartbeat", { ...page(), visible: document.visibilityState === "visible", rage_clicks: rageClicks, ...extra });
    rageClicks = 0;
  };

  const reportError = (reason: unknown, fallback?: { filename?: string; lineno?: number; colno?: number }): void => {
    const shape = shapeOf(reason);
    let stack = parseStack(shape.stack, inApp);
    if (stack.length === 0 && fallback?.filename) {
      stack = [{ filename: fallback.filename, lineno: fallback.lineno, colno: fallback.colno, in_app: inApp(fallback.filename) }];
    }
    emit(
      "client_error",
      { message: shape.message.slice(0, 2000), type: shape.type, stack, url: location.href, release: opts.release, breadcrumbs: crumbs.all() },
      true,
    );
    crumbs.add("error", `${shape.type}: ${shape.message}`);
  };

  const setConsent = (granted: boolean): void => {
    recordingWanted = granted && opts.recording !== false;
    if (!recordingWanted && recording) {
      recording.stop();
      recording = null;
    }
    if (recordingWanted && !recording && !loading && sampled && !stopped) {
      loading = true;
      import("./recorder")
        .then((m) => {
          loading = false;
          if (recordingWanted && !recording && !stopped) {
            recording = m.startRecording((seq, data) => emit("replay_chunk", { seq, data }), opts.maskInputs !== false);
          }
        })
        .catch(() => {
          loading = false;
        });
    }
  };

  if (sampled) {
    emit("device", deviceFields());
    let lastUrl = location.href;
    emit("page_view", { ...page(), referrer: document.referrer.slice(0, 2000) }, true);
    const nav = performance.getEntriesByType?.("navigation")[0] as PerformanceNavigationTiming | undefined;
    const routeChanged = (): void => {
      const url = location.href;
      if (url === lastUrl) return;
      const referrer = lastUrl;
      lastUrl = url;
      crumbs.add("navigation", `${new URL(referrer).pathname} -> ${location.pathname}`);
      // the app sets its title after the route changes: read it once the current task is over
      setTimeout(() => emit("page_view", { url, title: document.title.slice(0, 300), referrer }, true), 0);
    };
    for (const name of ["pushState", "replaceState"] as const) {
      const original = history[name];
      history[name] = function (this: History, ...args: Parameters<History["pushState"]>) {
        const result = original.apply(this, args);
        routeChanged();
        return result;
      };
      cleanups.push(() => {
        history[name] = original;
      });
    }
    const listen = <K extends keyof WindowEventMap>(type: K, fn: (e: WindowEventMap[K]) => void): void => {
      window.addEventListener(type, fn, true);
      cleanups.push(() => window.removeEventListener(type, fn, true));
    };
    listen("popstate", routeChanged);
    listen("error", (e) => {
      if (e instanceof ErrorEvent) reportError(e.error ?? e.message, e);
    });
    listen("unhandledrejection", (e) => reportError(e.reason));
    let last = { target: null as EventTarget | null, at: 0, count: 0 };
    listen("click", (e) => {
      const el = e.target instanceof Element ? e.target : null;
      if (el) crumbs.add("ui.click", describe(el));
      const t = e.timeStamp;
      last = e.target === last.target && t - last.at < 1000 ? { target: e.target, at: t, count: last.count + 1 } : { target: e.target, at: t, count: 1 };
      if (last.count === 3) rageClicks += 1;
    });
    listen("change", (e) => {
      const el = e.target instanceof Element ? e.target : null;
      // the field, never what was typed (maskInputs) unless told otherwise
      if (el) crumbs.add("ui.input", opts.maskInputs === false && "value" in el ? `${describe(el)} = ${String((el as HTMLInputElement).value).slice(0, 80)}` : describe(el));
    });
    const onVisibility = (): void => {
      heartbeat();
      if (document.visibilityState === "hidden") void queue.flush(true);
    };
    document.addEventListener("visibilitychange", onVisibility);
    cleanups.push(() => document.removeEventListener("visibilitychange", onVisibility));
    listen("pagehide", () => {
      heartbeat({ leaving: true });
      void queue.flush(true);
    });
    const beat = setInterval(() => {
      if (document.visibilityState === "visible") heartbeat();
    }, opts.heartbeatSeconds * 1000);
    cleanups.push(() => clearInterval(beat));
    cleanups.push(
      wrapNetwork(
        (url) => new URL(url, location.href).href === endpoint,
        (url, method, ms, status) => {
          const route = opts.routeOf?.(url) ?? routeOf(url, location.href);
          calls.push({ route, duration_ms: Math.round(ms) });
          crumbs.add("http", `${method} ${route} ${status}`);
        },
      ),
    );
    if (nav && nav.loadEventEnd > 0) emit("performance", { url: location.href, page_load_ms: Math.round(nav.loadEventEnd) });
    const onVital = (m: Metric): void => {
      vitals[m.name] = m.name === "CLS" ? Math.round(m.value * 1000) : Math.round(m.value);
    };
    for (const fn of [onLCP, onINP, onCLS, onFCP, onTTFB]) fn(onVital);
  }

  return {
    sessionId: sid,
    sampled,
    error: (err) => reportError(err),
    cacheHit: (n = 1) => void (hits += n),
    cacheMiss: (n = 1) => void (misses += n),
    breadcrumb: (c, m) => crumbs.add(c, m),
    setRecordingConsent: setConsent,
    flush: () => {
      sendPerformance();
      return queue.flush(false);
    },
    stop: () => {
      stopped = true;
      setConsent(false);
      queue.stop();
      cleanups.forEach((c) => c());
    },
  };
}
