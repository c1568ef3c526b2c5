// Prints the gzipped size of what a page loads up front (the entry and the chunks it imports statically) and of
// the recorder chunk loaded on consent; fails when the up-front part passes 10 KB.
import { readFileSync, readdirSync } from "node:fs";
import { gzipSync } from "node:zlib";

const LIMIT = 10 * 1024;
const dist = new URL("../dist/", import.meta.url);
const gz = (file) => gzipSync(readFileSync(new URL(file, dist)), { level: 9 }).length;
const staticImports = (file, seen = new Set()) => {
  if (seen.has(file)) return seen;
  seen.add(file);
  const code = readFileSync(new URL(file, dist), "utf8");
  for (const m of code.matchAll(/(?:import|from)\s*"\.\/(chunks\/[^"]+\.js)"/g)) staticImports(m[1], seen);
  return seen;
};
const upFront = staticImports("index.js");
const chunks = readdirSync(new URL("chunks/", dist)).filter((f) => f.endsWith(".js")).map((f) => `chunks/${f}`);
const lazy = chunks.filter((c) => !upFront.has(c));
const core = [...upFront].reduce((n, f) => n + gz(f), 0);
const recorder = lazy.reduce((n, f) => n + gz(f), 0);
console.log(`telemetry SDK: ${(core / 1024).toFixed(1)} KB gzipped up front (limit 10 KB), recorder chunk ${(recorder / 1024).toFixed(1)} KB gzipped on consent`);
if (core > LIMIT) {
  console.error(`over the limit by ${core - LIMIT} bytes`);
  process.exit(1);
}
