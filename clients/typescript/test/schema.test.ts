/** The committed src/schema.d.ts is what openapi-typescript (default options) makes of the committed openapi.json. */
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url)); // dist/test/ -> the package

test("src/schema.d.ts is generated from openapi.json", () => {
  const dir = mkdtempSync(join(tmpdir(), "schema-"));
  try {
    const fresh = join(dir, "schema.d.ts");
    const cli = join(ROOT, "node_modules", "openapi-typescript", "bin", "cli.js");
    execFileSync(process.execPath, [cli, "openapi.json", "-o", fresh], { cwd: ROOT, stdio: "pipe" });
    const committed = readFileSync(join(ROOT, "src", "schema.d.ts"), "utf8");
    const current = readFileSync(fresh, "utf8");
    assert.ok(committed === current, "src/schema.d.ts is stale: run `make client` in the repository root");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
