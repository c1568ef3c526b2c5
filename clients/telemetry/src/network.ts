/** API call timings: wraps fetch and XMLHttpRequest, reports (route, duration, status) for every call but the
 * SDK's own. Returns the function that puts the originals back. */
export type OnCall = (url: string, method: string, ms: number, status: number) => void;

export function wrapNetwork(skip: (url: string) => boolean, onCall: OnCall): () => void {
  const restore: (() => void)[] = [];
  const originalFetch = window.fetch;
  if (typeof originalFetch === "function") {
    const wrapped = async function (this: unknown, input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
      const url = typeof input === "string" ? input : input instanceof URL ? input.href : input.url;
      const method = (init?.method ?? (input instanceof Request ? input.method : "GET")).toUpperCase();
      if (skip(url)) return originalFetch.call(window, input, init);
      const started = performance.now();
      try {
        const response = await originalFetch.call(window, input, init);
        onCall(url, method, performance.now() - started, response.status);
        return response;
      } catch (err) {
        onCall(url, method, performance.now() - started, 0);
        throw err;
      }
    };
    window.fetch = wrapped as typeof window.fetch;
    restore.push(() => {
      window.fetch = originalFetch;
    });
  }
  const proto = typeof XMLHttpRequest === "function" ? XMLHttpRequest.prototype : null;
  if (proto) {
    const open = proto.open;
    const send = proto.send;
    const seen = new WeakMap<XMLHttpRequest, { url: string; method: string }>();
    proto.open = function (this: XMLHttpRequest, method: string, url: string | URL, ...rest: unknown[]) {
      seen.set(this, { url: String(url), method: method.toUpperCase() });
      return (open as (...a: unknown[]) => void).call(this, method, url, ...rest);
    } as typeof proto.open;
    proto.send = function (this: XMLHttpRequest, body?: Document | XMLHttpRequestBodyInit | null) {
      const call = seen.get(this);
      if (call && !skip(call.url)) {
        const started = performance.now();
        this.addEventListener("loadend", () => onCall(call.url, call.method, performance.now() - started, this.status));
      }
      return send.call(this, body);
    };
    restore.push(() => {
      proto.open = open;
      proto.send = send;
    });
  }
  return () => restore.forEach((r) => r());
}
