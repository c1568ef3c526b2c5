import assert from "node:assert/strict";
import { test } from "node:test";

import { toId } from "../src/client.js";
import { resolveTimeRange } from "../src/timeRange.js";

const NOW = new Date("2026-03-10T12:00:00Z");

test("relative ranges end now and reach back in hours, days or weeks", () => {
  assert.deepEqual(resolveTimeRange("24h", NOW), { from: "2026-03-09T12:00:00.000Z", to: "2026-03-10T12:00:00.000Z" });
  assert.equal(resolveTimeRange("7d", NOW).from, "2026-03-03T12:00:00.000Z");
  assert.equal(resolveTimeRange("2w", NOW).from, "2026-02-24T12:00:00.000Z");
});

test("explicit bounds pass through as ISO times with a zone; no range is no bounds", () => {
  assert.deepEqual(resolveTimeRange({ from: "2026-01-01T00:00:00+01:00" }), { from: "2025-12-31T23:00:00.000Z" });
  assert.deepEqual(resolveTimeRange({ to: NOW }), { to: "2026-03-10T12:00:00.000Z" });
  assert.deepEqual(resolveTimeRange(undefined), {});
});

test("nonsense ranges and ids are refused before any request", () => {
  assert.throws(() => resolveTimeRange("0d" as "0d", NOW), RangeError);
  assert.throws(() => resolveTimeRange("soon" as "1d", NOW), RangeError);
  assert.throws(() => resolveTimeRange({ from: "yesterday" }), RangeError);
  assert.equal(toId("42"), 42);
  assert.throws(() => toId("4x"), RangeError);
  assert.throws(() => toId(0), RangeError);
});
