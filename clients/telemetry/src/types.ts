/** What the SDK sends: the items `POST /api/telemetry/` accepts (docs/monitoring.md). */

export type Kind = "heartbeat" | "page_view" | "client_error" | "performance" | "device" | "replay_chunk";

export interface Item {
  kind: Kind;
  session_id: string;
  at: string;
  [field: string]: unknown;
}

export interface Frame {
  filename?: string;
  function?: string;
  lineno?: number;
  colno?: number;
  in_app?: boolean;
}

export interface Breadcrumb {
  category: string;
  message: string;
  at: string;
}

export interface Options {
  /** The telemetry endpoint, e.g. "/api/telemetry/". */
  endpoint: string;
  /** The front end's release, e.g. "web@1.4.0": errors are grouped and de-minified per release. */
  release: string;
  /** A bearer token (or a function returning the current one); without it the browser's session cookie is sent with its CSRF token. */
  token?: string | (() => string | null | undefined);
  /** The cookie holding Django's CSRF token, sent as X-CSRFToken when there is no token. Default "csrftoken". */
  csrfCookie?: string;
  /** Share of sessions that send anything, 0..1 (decided once per tab). Default 1. */
  sampleRate?: number;
  /** Seconds between heartbeats while the page is visible. Default 15. */
  heartbeatSeconds?: number;
  /** Milliseconds a batch waits for more items. Default 5000. */
  flushMs?: number;
  /** Items kept while the endpoint cannot be reached; the oldest are dropped beyond it. Default 500. */
  maxQueue?: number;
  /** Largest batch body in bytes (the API takes 500 items). Default 60000, under keepalive's 64 KB. */
  maxBatchBytes?: number;
  /** Session recording (rrweb), loaded on demand and running only while the learner's session_recording consent stands. Default true. */
  recording?: boolean;
  /** Mask every input's value in breadcrumbs and recordings. Default true. */
  maskInputs?: boolean;
  /** Your own code's URLs (prefixes), marked in_app in stack frames. Default: this page's origin. */
  inAppOrigins?: string[];
  /** Routes of API calls: turn a URL into its pattern (ids as {id}). Default: numbers and UUIDs become {id}. */
  routeOf?: (url: string) => string | null;
  /** Extra fields on every item (e.g. { staff: true }). */
  tags?: Record<string, string | number | boolean>;
}

export type Send = (items: Item[], final: boolean) => Promise<SendResult>;

export interface SendResult {
  ok: boolean;
  retry: boolean;
  recording?: boolean | null;
  consentRefused?: boolean;
}
