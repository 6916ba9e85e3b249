// npm run bench: the product and the bare echo bot under the same load, alternating, over loopback.
// Each scenario gets a fresh product process on a fresh copy of the organization under load; after a
// warm-up, the product and the echo bot are loaded one after the other, ROUNDS times, the order flipping
// each round, so each ratio compares figures taken moments apart under the same machine load.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { TestConnector } from '../test/helpers/connector.js';
import { benchPeople } from './fixture.js';
import { CONNECTIONS, load, type LoadResult } from './load.js';
import { median, startEcho, startProduct, startupFloor, type BotProcess } from './processes.js';
import { formatTable, STARTUP_LIMIT_MS, type Row } from './report.js';
import { scenarios, TARGET_RATIO, type Scenario } from './scenarios.js';
import { lowdbStores, postgresStores, type BenchStore, type StoreSize } from './stores.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 3);
/** Requests sent to a fresh process before measuring, so the measured runs see JIT-compiled code. */
const WARM_UP_REQUESTS = 300;
/** Short runs, many times, in alternating order: the machine's speed drifts over seconds, and each ratio should see the same drift. */
const ROUNDS = 4;
/**
 * Pending invitations per product process, for the approvals' warm-up and run (each approves a
 * distinct one). A run ends after SECONDS or when they are used up; more would make every write of
 * the organization bigger, and measure the pool rather than the approval. BENCH_POOL changes it, to see
 * what the pool itself costs.
 */
const PENDING_INVITATIONS = Number(process.env['BENCH_POOL'] ?? 2000);
const SIZES = (['one tenant', 'large'] as const).filter((s) => !process.env['BENCH_SIZE'] || s === process.env['BENCH_SIZE']);
/** BENCH_SCENARIO=<part of a name> runs only the matching scenarios, e.g. while profiling one. */
const ONLY = process.env['BENCH_SCENARIO'] ?? '';
/** BENCH_BACKEND=lowdb or postgres runs one store only (PostgreSQL needs DATABASE_URL). */
const ONLY_BACKEND = process.env['BENCH_BACKEND'];

const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  const connector = await TestConnector.start();
  const spec = { serviceUrl: connector.url };
  const databaseUrl = process.env['DATABASE_URL'];
  const backends = [
    ...(ONLY_BACKEND === 'postgres' ? [] : [await lowdbStores(spec)]),
    ...(databaseUrl && ONLY_BACKEND !== 'lowdb' ? [await postgresStores(databaseUrl, spec)] : []),
  ];

  const floor = await startupFloor();
  const echo = await startEcho();
  const echoScenarios = scenarios({ serviceUrl: connector.url, owner: benchPeople('echo').owner, invitationId: (n) => `echo-${n}` });
  for (const scenario of echoScenarios) await load(echo.url, scenario, { seconds: SECONDS, maxRequests: WARM_UP_REQUESTS, check: false });

  const rows: Row[] = [];
  const startups: { backend: string; size: StoreSize; ms: number[] }[] = [];
  try {
    for (const backend of backends) {
      for (const size of SIZES) {
        const store = await backend.stores(size);
        const startup = { backend: store.backend, size, ms: [] as number[] };
        startups.push(startup);
        for (const name of echoScenarios.map((s) => s.name).filter((n) => n.includes(ONLY))) {
          const row = await measure(store, name, echo, echoScenarios.find((s) => s.name === name)!, connector, startup.ms);
          rows.push(row);
          say(formatTable([row], { header: rows.length === 1 }));
        }
        await store.close();
      }
      await backend.close();
    }
  } finally {
    await echo.stop();
    await connector.close();
  }

  const growth = [...new Set(rows.map((r) => r.backend))].flatMap((backend) => {
    const write = (size: StoreSize) => rows.find((r) => r.backend === backend && r.size === size && r.kind === 'write');
    const [one, large] = [write('one tenant'), write('large')];
    // Each figure divided by the echo bot's beside it, so that the machine's drift between the two runs cancels out.
    return one && large ? [{ backend, ratio: large.ratio / one.ratio, oneTenantRps: one.rps, largeRps: large.rps }] : [];
  });
  const result = {
    at: new Date().toISOString(),
    machine: { cpus: (await import('node:os')).cpus().length, node: process.version, loadAverage: (await import('node:os')).loadavg() },
    settings: { connections: CONNECTIONS, seconds: SECONDS, warmUpRequests: WARM_UP_REQUESTS, rounds: ROUNDS, pendingInvitations: PENDING_INVITATIONS },
    startup: startups.map((s) => ({ backend: s.backend, size: s.size, medianMs: median(s.ms), runsMs: s.ms })),
    startupFloor: floor,
    growth,
    rows,
  };
  say('');
  say(formatTable(rows, { header: true }));
  say('');
  for (const s of result.startup) say(`Start-up (spawn to listening), ${s.backend}, ${s.size}: median ${s.medianMs} ms of ${s.runsMs.length}${s.size === 'large' ? ` (target < ${STARTUP_LIMIT_MS} ms)` : ''}`);
  say(`Start-up floor on this machine now: the echo bot ${floor.echoMs} ms, a bare \`node -e 0\` ${floor.nodeMs} ms`);
  for (const g of growth) {
    say(
      `Growth, ${g.backend}: large-store writes run at ${pct(g.ratio)} of one-tenant writes, each against the echo bot beside it ` +
        `(${g.largeRps} and ${g.oneTenantRps} req/s as measured; target ≥ 80%)`,
    );
  }
  say('');
  for (const s of echoScenarios) say(`${s.name}: ${s.measures}`);
  await mkdir('bench/results', { recursive: true });
  await writeFile('bench/results/latest.json.tmp', `${JSON.stringify(result, null, 2)}\n`);
  await rename('bench/results/latest.json.tmp', 'bench/results/latest.json');
  say('\nWritten to bench/results/latest.json');
}

async function measure(store: BenchStore, name: string, echo: BotProcess, echoScenario: Scenario, connector: TestConnector, startupMs: number[]): Promise<Row> {
  const approval = echoScenario.kind === 'approval';
  const tenantId = await store.reset(approval ? PENDING_INVITATIONS : 0);
  const { owner, requester } = benchPeople(tenantId);
  connector.add(owner);
  connector.add(requester);
  const bot = await startProduct(store.env);
  startupMs.push(bot.startupMs);
  const product: Measured[] = [];
  const floor: Measured[] = [];
  try {
    const scenario = scenarios({
      serviceUrl: connector.url,
      owner,
      invitationId: (n) => `bench-invitation-${n}`,
      ...(approval ? { pendingInvitations: PENDING_INVITATIONS } : {}),
    }).find((s) => s.name === name)!;
    await load(bot.url, scenario, { seconds: SECONDS, maxRequests: WARM_UP_REQUESTS, check: true });
    const share = Math.floor((PENDING_INVITATIONS - WARM_UP_REQUESTS) / ROUNDS);
    const runProduct = async () => product.push(await withCpu(bot, () => load(bot.url, scenario, { seconds: SECONDS, maxRequests: approval ? share : undefined, check: true })));
    const runEcho = async () => floor.push(await withCpu(echo, () => load(echo.url, echoScenario, { seconds: SECONDS, check: false })));
    for (let round = 0; round < ROUNDS; round++) {
      for (const run of round % 2 === 0 ? [runProduct, runEcho] : [runEcho, runProduct]) await run();
    }
  } finally {
    connector.reset();
  }
  const peakRssMb = bot.peakRssMb();
  await bot.stop();
  const rps = sum(product.map((r) => r.requests)) / sum(product.map((r) => r.seconds));
  const echoRps = sum(floor.map((r) => r.requests)) / sum(floor.map((r) => r.seconds));
  return {
    backend: store.backend,
    size: store.size,
    scenario: name,
    kind: echoScenario.kind,
    rps: Math.round(rps),
    p50: Math.max(...product.map((r) => r.p50)),
    p99: Math.max(...product.map((r) => r.p99)),
    cpuMsPerRequest: cpuPerRequest(product),
    echoRps: Math.round(echoRps),
    echoP99: Math.max(...floor.map((r) => r.p99)),
    echoCpuMsPerRequest: cpuPerRequest(floor),
    ratio: rps / echoRps,
    target: TARGET_RATIO[echoScenario.kind],
    peakRssMb,
    errors: sum(product.map((r) => r.errors)),
    wrong: sum(product.map((r) => r.wrong)),
  };
}

type Measured = LoadResult & { readonly cpuMs: number };

/** A load run, with the CPU time the loaded process spent on it. */
async function withCpu(bot: BotProcess, run: () => Promise<LoadResult>): Promise<Measured> {
  const before = bot.cpuMs();
  const result = await run();
  return { ...result, cpuMs: bot.cpuMs() - before };
}

/** CPU time per request: unlike requests/s, it hardly moves when the machine is busy or slowed down. */
const cpuPerRequest = (runs: readonly Measured[]) => Math.round((sum(runs.map((r) => r.cpuMs)) / sum(runs.map((r) => r.requests))) * 100) / 100;

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const pct = (x: number) => `${Math.round(x * 100)}%`;

await main();
