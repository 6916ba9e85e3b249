import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LowdbStore } from '../../src/store/lowdb/lowdb-store.js';
import { message } from '../helpers/activities.js';
import { TestConnector } from '../helpers/connector.js';
import { cardsOf, textOf } from '../helpers/cards.js';
import { olivia } from '../helpers/people.js';
import { killServers, spawnServer } from '../helpers/process.js';
import { startTabSignIn } from '../helpers/tab.js';

const APP_ID = '9a1b2c3d-0000-4000-8000-000000000abc';
const APP_TENANT = '7e0d0000-0000-4000-8000-000000000001';

describe('the server process', () => {
  let dir: string;
  let storageFile: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pd-proc-'));
    storageFile = join(dir, 'desk.json');
  });
  afterEach(async () => {
    killServers();
    await rm(dir, { recursive: true, force: true });
  });

  // How fast it starts is measured outside the tests (a timed test only measures how busy the machine is).
  it('starts in local mode, says where it listens, reports health, and stops cleanly on SIGTERM', async () => {
    const server = spawnServer({ PORT: '0', STORAGE_FILE: storageFile });
    const url = await server.listening();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.output()).toContain('running in local mode. Requests are NOT authenticated');

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok', version: expect.any(String), storage: { kind: 'lowdb', ok: true } });
    const probe = await fetch(`${url}/healthz`, { method: 'HEAD' });
    expect([probe.status, await probe.text()]).toEqual([200, '']);

    server.child.kill('SIGTERM');
    expect(await server.exited()).toBe(0);
  });

  it('stops cleanly on SIGTERM when whatever read its log has gone (a closed pipe)', async () => {
    const server = spawnServer({ PORT: '0', STORAGE_FILE: storageFile });
    await server.listening();
    // As `npm start | head -2` leaves it: the lines it logs while stopping go to a pipe nobody reads.
    server.child.stdout!.destroy();
    server.child.kill('SIGTERM');
    const late = new Promise<string>((resolve) => setTimeout(resolve, 10_000, 'still running 10 s after SIGTERM'));
    expect(await Promise.race([server.exited(), late])).toBe(0);
  });

  it('keeps an idle connection open longer than 5 s, so a caller reusing it is not cut off', async () => {
    const server = spawnServer({ PORT: '0', STORAGE_FILE: storageFile });
    const url = await server.listening();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status?: number; reused: boolean }>((resolve, reject) => {
        const req = request(`${url}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode, reused: req.reusedSocket }));
        });
        req.on('error', reject).end();
      });
    expect(await get()).toEqual({ status: 200, reused: false });
    // Past Node's default of 5 s, a server closes the connection first.
    await new Promise((r) => setTimeout(r, 6000));
    expect(await get()).toEqual({ status: 200, reused: true });
    // The idle connection, still open, does not hold up a graceful stop.
    server.child.kill('SIGTERM');
    expect(await server.exited()).toBe(0);
    agent.destroy();
  }, 90_000);

  it('refuses to start a second bot on the same lowdb store, and leaves the first one serving', async () => {
    const first = spawnServer({ PORT: '0', STORAGE_FILE: storageFile });
    const url = await first.listening();
    const second = spawnServer({ PORT: '0', STORAGE_FILE: storageFile });
    expect(await second.exited()).toBe(1);
    expect(second.output()).toContain(`is in use by process ${first.child.pid}`);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited()).toBe(0);
  });

  it('does not let a client that stopped sending half-way hold up a stop on SIGTERM', async () => {
    const server = spawnServer({ PORT: '0', STORAGE_FILE: storageFile });
    const { hostname, port } = new URL(await server.listening());
    const socket = connect(Number(port), hostname);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write('POST /api/messages HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"type":');
    const hungUp = new Promise((resolve) => socket.once('close', resolve));
    await new Promise((r) => setTimeout(r, 200));
    const stoppedAt = performance.now();
    server.child.kill('SIGTERM');
    expect(await server.exited()).toBe(0);
    await hungUp;
    // The grace for requests in flight is 10 s; Node's own timeout for a request is 300 s.
    expect(performance.now() - stoppedAt).toBeLessThan(20_000);
  }, 60_000);

  it.each([
    ['SIGTERM to npm, as a container or service manager stops it', (pid: number) => process.kill(pid, 'SIGTERM')],
    ['Ctrl-C in its terminal (SIGINT to npm and the bot, which npm passes on again)', (pid: number) => process.kill(-pid, 'SIGINT')],
  ])('stops cleanly when run with npm start, on %s', async (_how, signal) => {
    const server = spawnServer({ PORT: '0', STORAGE_FILE: storageFile }, [], 'npm');
    const url = await server.listening();
    signal(server.child.pid!);
    expect(await server.exited()).toBe(0);
    expect(server.output()).toContain('"msg":"stopped"');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  }, 60_000);

  it('finishes a turn in flight before it exits on SIGTERM', async () => {
    const connector = await TestConnector.start([olivia]);
    connector.lookupDelayMs = 700;
    const server = spawnServer({ PORT: '0', STORAGE_FILE: storageFile });
    const url = await server.listening();
    const answer = fetch(`${url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message(olivia, 'setup', connector.url)),
    });
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill('SIGTERM');
    const res = await answer;
    expect(res.status).toBe(200);
    expect(textOf(cardsOf(((await res.json()) as { activities: Record<string, unknown>[] }).activities)[0])).toContain('Publisher Desk is set up');
    expect(await server.exited()).toBe(0);
    await connector.close();
    // What the stopped process left on disk, read as the next start-up would.
    const store = await LowdbStore.open(storageFile);
    expect(await store.read(olivia.tenantId, (t) => t.members())).toHaveLength(1);
    await store.close();
  });

  it('finishes a tab request in flight on SIGTERM, and exits without waiting for its connection to idle out', async () => {
    const signIn = await startTabSignIn();
    try {
      signIn.authority.keysDelayMs = 700;
      const server = spawnServer({ PORT: '0', STORAGE_FILE: storageFile, ...signIn.env });
      const url = await server.listening();
      // fetch keeps the connection alive after the answer, as a browser showing the tab does.
      const answer = fetch(`${url}/api/tab/dashboard`, { headers: { authorization: `Bearer ${await signIn.token(olivia)}` } });
      await new Promise((r) => setTimeout(r, 200));
      const stoppedAt = performance.now();
      server.child.kill('SIGTERM');
      const res = await answer;
      // The organization is not set up: an ordinary answer, given in full.
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('not_set_up');
      expect(res.headers.get('connection')).toBe('close');
      expect(await server.exited()).toBe(0);
      // Well short of the 65 s an idle kept-alive connection may stay open.
      expect(performance.now() - stoppedAt).toBeLessThan(30_000);
    } finally {
      await signIn.close();
    }
  }, 90_000);

  it('stops with one line naming PORT when PORT=abc', async () => {
    const server = spawnServer({ PORT: 'abc', STORAGE_FILE: storageFile });
    expect(await server.exited()).toBe(1);
    expect(server.output().trim()).toBe('Invalid setting PORT: must be a whole number from 0 to 65535 (got "abc")');
  });

  it('stops with one line naming HOST when HOST is not an address of this machine', async () => {
    // 192.0.2.0/24 is reserved for documentation: no machine has an address in it.
    const server = spawnServer({ PORT: '0', HOST: '192.0.2.7', STORAGE_FILE: storageFile, MicrosoftAppId: APP_ID, MicrosoftAppPassword: 'x', MicrosoftAppTenantId: APP_TENANT });
    expect(await server.exited()).toBe(1);
    expect(server.output()).toContain('192.0.2.7 is not an address of this machine: set HOST to one of its addresses');
    expect(server.output()).not.toMatch(/\n\s+at /);
  });

  it('refuses a corrupt data file, names it, and leaves its bytes unchanged', async () => {
    await mkdir(join(dir, 'desk.tenants'));
    const tenantFile = join(dir, 'desk.tenants', `${olivia.tenantId}.json`);
    const corrupt = '{"schemaVersion":1,"tenantId":"c0000000-0000-4000-8000-0000000000';
    await writeFile(storageFile, JSON.stringify({ schemaVersion: 1, createdAt: '2026-11-01T00:00:00.000Z' }));
    await writeFile(tenantFile, corrupt);
    const server = spawnServer({ PORT: '0', STORAGE_FILE: storageFile });
    expect(await server.exited()).not.toBe(0);
    expect(server.output()).toContain(`Cannot open the store at ${tenantFile}: not valid JSON`);
    expect(server.output()).not.toMatch(/\n\s+at /);
    expect(await readFile(tenantFile, 'utf8')).toBe(corrupt);
  });

  it('with MicrosoftAppId set, answers 401 to a request without a valid token', async () => {
    const server = spawnServer({
      PORT: '0',
      HOST: '127.0.0.1',
      STORAGE_FILE: storageFile,
      MicrosoftAppId: APP_ID,
      MicrosoftAppPassword: 'not-a-real-secret',
      MicrosoftAppTenantId: APP_TENANT,
    });
    const url = await server.listening();
    expect(server.output()).not.toContain('local mode');
    // The tab's sign-in cannot work with Teams' usual tokens without it, and the log says so.
    expect(server.output()).toContain('PUBLIC_HOST is empty');
    const post = (headers: Record<string, string>) =>
      fetch(`${url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(message(olivia, 'setup', 'http://127.0.0.1:9/')),
      });
    expect((await post({})).status).toBe(401);
    expect((await post({ authorization: 'Bearer not.a.token' })).status).toBe(401);
    server.child.kill('SIGTERM');
    expect(await server.exited()).toBe(0);
  });
});
