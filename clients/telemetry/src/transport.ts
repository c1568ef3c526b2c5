import type { Item, Options, SendResult } from "./types";
import { cookie } from "./util";

/** Sends one batch. While the page lives: fetch with the learner's credentials. When it hides (`final`): a keepalive
 * fetch, which outlives the page as `navigator.sendBeacon` does and can carry the auth header; sendBeacon itself
 * where keepalive fetch is missing and no header is needed (a cookie session behind a same-origin collector). */
export function transport(opts: Options): (items: Item[], final: boolean) => Promise<SendResult> {
  return async (items, final) => {
    const body = JSON.stringify({ items });
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    const token = typeof opts.token === "function" ? opts.token() : opts.token;
    if (token) headers.Authorization = `Bearer ${token}`;
    else {
      const csrf = cookie(opts.csrfCookie ?? "csrftoken");
      if (csrf) headers["X-CSRFToken"] = csrf;
    }
    if (final && !token && !headers["X-CSRFToken"] && typeof navigator.sendBeacon === "function") {
      const queued = navigator.sendBeacon(opts.endpoint, new Blob([body], { type: "application/json" }));
      return { ok: queued, retry: false };
    }
    const response = await fetch(opts.endpoint, {
      method: "POST",
      headers,
      body,
      credentials: "same-origin",
      keepalive: final,
    });
    if (response.ok) {
      const answer = (await response.json().catch(() => ({}))) as {
        recording?: boolean | null;
        rejected?: { code: string }[];
      };
      return {
        ok: true,
        retry: false,
        recording: answer.recording,
        consentRefused: (answer.rejected ?? []).some((r) => r.code === "consent_required"),
      };
    }
    // 429 and 5xx are worth another try; 4xx is not (the batch itself is wrong, or the learner signed out)
    return { ok: false, retry: response.status === 429 || response.status >= 500 };
  };
}
