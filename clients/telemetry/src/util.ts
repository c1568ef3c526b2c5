export const now = (): string => new Date().toISOString();

export function sessionId(): string {
  const key = "us_telemetry_sid";
  try {
    const kept = sessionStorage.getItem(key);
    if (kept) return kept;
    const fresh = "t-" + randomHex(16);
    sessionStorage.setItem(key, fresh);
    return fresh;
  } catch {
    return "t-" + randomHex(16);
  }
}

function randomHex(bytes: number): string {
  const b = new Uint8Array(bytes);
  crypto.getRandomValues(b);
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

const ID = /^(?:\d+|[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{16,})$/i;

/** "/api/courses/42?x=1" -> "/api/courses/{id}": the route pattern the dashboard groups timings by. */
export function routeOf(url: string, base: string): string {
  let path: string;
  try {
    path = new URL(url, base).pathname;
  } catch {
    return url.slice(0, 300);
  }
  return path
    .split("/")
    .map((p) => (ID.test(p) ? "{id}" : p))
    .join("/")
    .slice(0, 300);
}

export function cookie(name: string): string | null {
  const hit = document.cookie.split("; ").find((c) => c.startsWith(name + "="));
  return hit ? decodeURIComponent(hit.slice(name.length + 1)) : null;
}
