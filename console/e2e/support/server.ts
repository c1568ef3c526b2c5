// Global setup: one live server for the whole run, started the way `make run` starts it (`manage.py serve`: migrate,
// demo data, uvicorn and the task consumer, SQLite under VAR_DIR, no Redis), on a free port, in a temporary directory
// that the teardown deletes. The tests find it through E2E_BASE_URL and sign in with E2E_PASSWORD.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { FullConfig } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const START_TIMEOUT_MS = 240_000;

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

async function healthy(base: string): Promise<boolean> {
  try {
    const response = await fetch(`${base}/api/health`);
    return response.status === 200;
  } catch {
    return false;
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM'); // serve stops uvicorn and the consumer, then exits
  const stopped = await Promise.race([exited(child).then(() => true), delay(20_000).then(() => false)]);
  if (!stopped && child.pid) process.kill(-child.pid, 'SIGKILL'); // the whole process group
  await exited(child);
}

function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** One server: its own temporary directory (SQLite, files), port and log. */
async function startServer(python: string, password: string): Promise<Server> {
  const varDir = mkdtempSync(join(tmpdir(), 'console-e2e-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL; // `make run` runs on SQLite without Redis: so does this server, whatever CI exports
  delete env.REDIS_URL;
  delete env.DJANGO_SETTINGS_MODULE;
  Object.assign(env, {
    VAR_DIR: varDir,
    DEMO_PASSWORD: password,
    DEMO_USERS: '60',
    LOGIN_ACCOUNT_MAX_FAILURES: '5', // account-pages.spec.ts: an unblock e-mail after five failures, not a hundred
    // bulk.spec.ts: an operation over 30 people waits for a second admin; batches of 5 rows show progress live; a notify
    // to ~100 people takes a second, not ten
    BULK_APPROVAL_THRESHOLD: '30',
    BULK_BATCH_SIZE: '5',
    BULK_NOTIFY_PER_MINUTE: '6000',
    PYTHONUNBUFFERED: '1',
  });
  const logPath = join(varDir, 'server.log');
  const log = openSync(logPath, 'a');
  const child = spawn(python, ['manage.py', 'serve', '--host', '127.0.0.1', '--port', String(port)], {
    cwd: ROOT,
    env,
    detached: true, // its own process group, so nothing it started can outlive the run
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const teardown = async (): Promise<void> => {
    await stop(child);
    rmSync(varDir, { recursive: true, force: true });
  };
  const started = Date.now();
  while (!(await healthy(base))) {
    if (child.exitCode !== null || Date.now() - started > START_TIMEOUT_MS) {
      const output = readFileSync(logPath, 'utf8').slice(-4000);
      await teardown();
      throw new Error(`the server did not become healthy on ${base}:\n${output}`);
    }
    await delay(250);
  }
  console.log(`e2e server: ${base} ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { base, logPath, teardown };
}

type Server = { base: string; logPath: string; teardown: () => Promise<void> };

/** One server per Playwright worker (E2E_WORKERS): each worker's journeys run against
 * their own data, so two browsers can work at once without racing over the same learner or ticket. */
export default async function globalSetup(config: FullConfig): Promise<(() => Promise<void>) | undefined> {
  if (process.env.E2E_BASE_URL) {
    // A server someone already runs (e.g. `DEMO_PASSWORD=... make run`): use it, leave it running.
    if (!process.env.E2E_PASSWORD) throw new Error('E2E_BASE_URL is set: set E2E_PASSWORD to its DEMO_PASSWORD too');
    process.env.E2E_BASE_URLS = process.env.E2E_BASE_URL;
    return undefined;
  }
  const python = join(ROOT, '.venv', 'bin', 'python');
  if (!existsSync(python)) throw new Error(`${python} is missing: run \`make run\` or \`make test\` once to build .venv`);
  const password = `Quiet-harbour-lantern-${randomBytes(6).toString('hex')}`;
  const count = Math.max(1, config.workers);
  const started = await Promise.allSettled(Array.from({ length: count }, () => startServer(python, password)));
  const servers = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const teardown = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.teardown()));
  };
  const failed = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) {
    await teardown();
    throw failed.reason;
  }
  process.env.E2E_BASE_URLS = servers.map((s) => s.base).join(',');
  process.env.E2E_SERVER_LOGS = servers.map((s) => s.logPath).join(',');
  process.env.E2E_PASSWORD = password;
  return teardown;
}
