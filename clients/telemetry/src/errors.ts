import type { Breadcrumb, Frame } from "./types";
import { now } from "./util";

const MAX_CRUMBS = 30;

/** The last 30 things that happened before an error: clicks, route changes, API calls, console errors. */
export class Breadcrumbs {
  private list: Breadcrumb[] = [];

  add(category: string, message: string): void {
    this.list.push({ category, message: message.slice(0, 300), at: now() });
    if (this.list.length > MAX_CRUMBS) this.list.shift();
  }

  all(): Breadcrumb[] {
    return this.list.slice();
  }
}

/** A CSS-like name for a clicked element, never its text or value: `button#next.primary`, `input[name=email]`. */
export function describe(el: Element): string {
  let name = el.tagName.toLowerCase();
  if (el.id) name += `#${el.id}`;
  const cls = typeof el.className === "string" ? el.className.trim().split(/\s+/).slice(0, 2).join(".") : "";
  if (cls) name += `.${cls}`;
  const field = el.getAttribute("name");
  if (field) name += `[name=${field}]`;
  return name.slice(0, 200);
}

// Chrome/V8: "    at fn (https://x/app.js:10:5)" or "    at https://x/app.js:10:5"
const V8 = /^\s*at (?:(.+?) \()?((?:https?|file|blob|webpack):.*?|<anonymous>):(\d+):(\d+)\)?\s*$/;
// Firefox/Safari: "fn@https://x/app.js:10:5"
const GECKO = /^\s*(.*?)@(.*?):(\d+):(\d+)\s*$/;

/** Stack frames from Error.stack, innermost last (as the API wants), each marked in_app when it is our code. */
export function parseStack(stack: string | undefined, inApp: (url: string) => boolean): Frame[] {
  if (!stack) return [];
  const frames: Frame[] = [];
  for (const line of stack.split("\n")) {
    const m = V8.exec(line) ?? GECKO.exec(line);
    if (!m) continue;
    const filename = m[2] ?? "";
    const fn = (m[1] ?? "").replace(/^async /, "").replace(/^Object\./, "");
    frames.push({
      filename,
      function: fn || "?",
      lineno: Number(m[3]),
      colno: Number(m[4]),
      in_app: inApp(filename),
    });
  }
  return frames.reverse().slice(-50);
}

export interface ErrorShape {
  message: string;
  type: string;
  stack: string | undefined;
}

export function shapeOf(reason: unknown): ErrorShape {
  if (reason instanceof Error) return { message: reason.message || String(reason), type: reason.name, stack: reason.stack };
  if (typeof reason === "string") return { message: reason, type: "Error", stack: undefined };
  let text: string;
  try {
    text = JSON.stringify(reason) ?? String(reason);
  } catch {
    text = String(reason);
  }
  return { message: `Non-Error rejection: ${text}`.slice(0, 2000), type: "UnhandledRejection", stack: undefined };
}
