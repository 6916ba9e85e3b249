// npm run bench: the product and the bare echo bot under the same load, alternating, over loopback.
// Each scenario gets a fresh product process per store size, each on a fresh copy of the organization
// under load; after a warm-up, the echo bot and the products are loaded one after the other, ROUNDS
// times, the order reversing each round, so each ratio (and the growth from one size to the other)
// compares figures taken moments apart under the same machine load.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { personalChat } from '../test/helpers/activities.js';
import { TestConnector } from '../test/helpers/connector.js';
import type { Person } from '../test/helpers/people.js';
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
 * distinct one). A round ends after SECONDS or when its share is used up, so the pool sets how long an
 * approval round lasts; a write's cost does not grow with it, only the organization's occasional full
 * rewrite (lowdb) and its first load. BENCH_POOL changes it, to see what the pool itself costs.
 */
const PENDING_INVITATIONS = Number(process.env['BENCH_POOL'] ?? 4000);
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
  const echoScenarios = scenarios({ serviceUrl: connector.url, owner: benchPeople('echo').owner, invitation: (n) => ({ id: `echo-${n}`, messageId: `echo-card-${n}` }) });
  for (const scenario of echoScenarios) await load(echo.url, scenario, { seconds: SECONDS, maxRequests: WARM_UP_REQUESTS, check: false });

  const rows: Row[] = [];
  const startups: { backend: string; size: StoreSize; ms: number[] }[] = [];
  try {
    for (const backend of backends) {
      // Both sizes open at once: each scenario loads their two product processes in the same rounds.
      const stores: BenchStore[] = [];
      for (const size of SIZES) stores.push(await backend.stores(size));
      const startupMs = stores.map((store) => {
        const startup = { backend: store.backend, size: store.size, ms: [] as number[] };
        startups.push(startup);
        return startup.ms;
      });
      for (const echoScenario of echoScenarios.filter((s) => s.name.includes(ONLY))) {
        const measured = await measure(stores, echoScenario, echo, connector, startupMs);
        for (const row of measured) {
          rows.push(row);
          say(formatTable([row], { header: rows.length === 1 }));
        }
      }
      for (const store of stores) await store.close();
      await backend.close();
    }
  } finally {
    await echo.stop();
    await connector.close();
  }

  const growth = [...new Set(rows.map((r) => r.backend))].flatMap((backend) => {
    const write = (size: StoreSize) => rows.find((r) => r.backend === backend && r.size === size && r.kind === 'write');
    const [one, large] = [write('one tenant'), write('large')];
    // The two were loaded in the same rounds, one after the other, so the machine's drift cancels out.
    return one && large ? [{ backend, ratio: large.rps / one.rps, oneTenantRps: one.rps, largeRps: large.rps }] : [];
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
      `Growth, ${g.backend}: large-store writes run at ${pct(g.ratio)} of one-tenant writes, loaded in the same rounds ` +
        `(${g.largeRps} and ${g.oneTenantRps} req/s as measured; target ≥ 80%)`,
    );
  }
  say('');
  for (const s of echoScenarios) say(`${s.name}: ${s.measures}`);
  // A narrowed run (while profiling one scenario, say) must not replace the whole table the README quotes.
  const file = `bench/results/${SIZES.length < 2 || ONLY || ONLY_BACKEND ? 'narrowed' : 'latest'}.json`;
  await mkdir('bench/results', { recursive: true });
  await writeFile(`${file}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
  say(`\nWritten to ${file}`);
}

/**
 * One scenario on every store size: a product process per store, warmed up, then each product and the
 * echo bot loaded in turn, ROUNDS times, the order reversing every round; one row per store.
 */
async function measure(stores: readonly BenchStore[], echoScenario: Scenario, echo: BotProcess, connector: TestConnector, startupMs: number[][]): Promise<Row[]> {
  const approval = echoScenario.kind === 'approval';
  const share = Math.floor((PENDING_INVITATIONS - WARM_UP_REQUESTS) / ROUNDS);
  const products: Loaded[] = [];
  const floor: Measured[] = [];
  try {
    for (const [i, store] of stores.entries()) {
      const tenantId = await store.reset(approval ? PENDING_INVITATIONS : 0);
      const { owner, requester } = benchPeople(tenantId);
      connector.add(owner);
      connector.add(requester);
      const bot = await startProduct(store.env);
      startupMs[i]!.push(bot.startupMs);
      const scenario = scenarios({
        serviceUrl: connector.url,
        owner,
        invitation: (n) => ({ id: `bench-invitation-${n}`, messageId: `card-${n}` }),
        ...(approval ? { pendingInvitations: PENDING_INVITATIONS } : {}),
      }).find((s) => s.name === echoScenario.name)!;
      const warmUp = await load(bot.url, scenario, { seconds: SECONDS, maxRequests: WARM_UP_REQUESTS, check: true });
      products.push({ store, bot, scenario, runs: [], warmUp, requester });
    }
    const loaders = [
      async () => floor.push(await withCpu(echo, () => load(echo.url, echoScenario, { seconds: SECONDS, check: false }))),
      ...products.map(({ bot, scenario, runs }) => async () =>
        runs.push(await withCpu(bot, () => load(bot.url, scenario, { seconds: SECONDS, maxRequests: approval ? share : undefined, check: true })))),
    ];
    for (let round = 0; round < ROUNDS; round++) {
      for (const run of round % 2 === 0 ? loaders : [...loaders].reverse()) await run();
    }
    return rows(products, floor, echoScenario, approval ? connector : undefined);
  } finally {
    connector.reset();
    for (const { bot } of products) await bot.stop();
  }
}

interface Loaded {
  readonly store: BenchStore;
  readonly bot: BotProcess;
  readonly scenario: Scenario;
  readonly runs: Measured[];
  readonly warmUp: LoadResult;
  readonly requester: Person;
}

/**
 * Approvals the product answered for which the connector saw no update of the card in the requester's chat
 * or no message to the requester: an approval that skipped them would be cheaper, and wrong. (The Owner's
 * copy, the one clicked, is replaced by the click's answer.)
 */
function undelivered({ runs, warmUp, requester }: Loaded, connector: TestConnector): number {
  const approved = sum([warmUp, ...runs].map((r) => r.requests - r.errors - r.wrong));
  const updates = connector.updated.filter((u) => u.conversationId === personalChat(requester).id).length;
  const notices = connector.sentTo(personalChat(requester).id).length;
  return Math.max(0, approved - Math.min(updates, notices));
}

function rows(products: readonly Loaded[], floor: readonly Measured[], echoScenario: Scenario, connector?: TestConnector): Row[] {
  const echoRps = requestsPerSecond(floor);
  return products.map((product): Row => {
    const { store, bot, runs } = product;
    const rps = requestsPerSecond(runs);
    return {
      backend: store.backend,
      size: store.size,
      scenario: echoScenario.name,
      kind: echoScenario.kind,
      rps: Math.round(rps),
      p50: Math.max(...runs.map((r) => r.p50)),
      p99: Math.max(...runs.map((r) => r.p99)),
      cpuMsPerRequest: cpuPerRequest(runs),
      echoRps: Math.round(echoRps),
      echoP99: Math.max(...floor.map((r) => r.p99)),
      echoCpuMsPerRequest: cpuPerRequest(floor),
      ratio: rps / echoRps,
      target: TARGET_RATIO[echoScenario.kind],
      peakRssMb: bot.peakRssMb(),
      errors: sum(runs.map((r) => r.errors)),
      wrong: sum(runs.map((r) => r.wrong)) + (connector ? undelivered(product, connector) : 0),
    };
  });
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

const requestsPerSecond = (runs: readonly Measured[]) => sum(runs.map((r) => r.requests)) / sum(runs.map((r) => r.seconds));
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const pct = (x: number) => `${Math.round(x * 100)}%`;

await main();
