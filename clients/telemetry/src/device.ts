import type { Item } from "./types";

interface UAData {
  brands?: { brand: string; version: string }[];
  mobile?: boolean;
  platform?: string;
}

/** The device item: the user agent (parsed by the API), the screen, and Sec-CH-UA-style client hints when the
 * browser has navigator.userAgentData. */
export function deviceFields(): Omit<Item, "kind" | "session_id" | "at"> {
  const data = (navigator as Navigator & { userAgentData?: UAData }).userAgentData;
  const fields: Omit<Item, "kind" | "session_id" | "at"> = {
    user_agent: navigator.userAgent.slice(0, 512),
    screen: { width: Math.max(1, screen.width || 1), height: Math.max(1, screen.height || 1) },
  };
  if (data) {
    fields.client_hints = {
      brands: (data.brands ?? []).map((b) => `"${b.brand}";v="${b.version}"`).join(", "),
      mobile: data.mobile ? "?1" : "?0",
      platform: `"${data.platform ?? ""}"`,
    };
  }
  return fields;
}
