/** Time ranges as the specification passes them ("7d", "24h", "4w") or as explicit bounds. */

export type RelativeRange = `${number}h` | `${number}d` | `${number}w`;
export interface Bounds {
  from?: Date | string;
  to?: Date | string;
}
export type TimeRange = RelativeRange | Bounds;

const HOUR = 3_600_000;
const UNIT: Record<string, number> = { h: HOUR, d: 24 * HOUR, w: 7 * 24 * HOUR };

function iso(value: Date | string): string {
  const date = typeof value === "string" ? new Date(value) : value;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not a time: ${String(value)}`);
  return date.toISOString(); // with a zone (Z): the API wants one
}

/** ISO bounds for a range: "7d" is the last seven days up to `now`; explicit bounds pass through. */
export function resolveTimeRange(range: TimeRange | undefined, now: Date = new Date()): { from?: string; to?: string } {
  if (range === undefined) return {};
  if (typeof range === "string") {
    const match = /^(\d+(?:\.\d+)?)([hdw])$/.exec(range);
    const [amount, unit] = [Number(match?.[1]), UNIT[match?.[2] ?? ""]];
    if (!match || unit === undefined || !(amount > 0)) throw new RangeError(`not a time range: ${range}`);
    return { from: new Date(now.getTime() - amount * unit).toISOString(), to: now.toISOString() };
  }
  return {
    ...(range.from !== undefined ? { from: iso(range.from) } : {}),
    ...(range.to !== undefined ? { to: iso(range.to) } : {}),
  };
}
