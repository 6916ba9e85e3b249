import type { ScenarioKind } from './scenarios.js';
import type { StoreSize } from './stores.js';

/** The limits every scenario must stay within, besides its share of the echo bot's requests/s. */
export const P99_LIMIT_MS = 50;
export const RSS_LIMIT_MB = 400;
export const STARTUP_LIMIT_MS = 3000;

export interface Row {
  readonly backend: 'lowdb' | 'postgres';
  readonly size: StoreSize;
  readonly scenario: string;
  readonly kind: ScenarioKind;
  readonly rps: number;
  /** The worse of the rounds, in ms. */
  readonly p50: number;
  readonly p99: number;
  /** CPU time the product spent per request, in ms. */
  readonly cpuMsPerRequest: number;
  readonly echoRps: number;
  readonly echoP99: number;
  readonly echoCpuMsPerRequest: number;
  readonly ratio: number;
  readonly target: number;
  readonly peakRssMb: number;
  /** Transport errors and non-2xx answers from the product. */
  readonly errors: number;
  /** 2xx answers that were not what a person would get; for approvals, also those the connector never heard of. */
  readonly wrong: number;
}

const COLUMNS = ['store', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'CPU ms/req', 'echo req/s', 'echo p99 ms', 'echo CPU ms/req', 'ratio', 'target', 'peak RSS MB', 'errors', 'met'];

/** Whether a row meets its targets (RSS is limited only with the large store). */
export function met(row: Row): boolean {
  const rssOk = row.size !== 'large' || row.peakRssMb <= RSS_LIMIT_MB;
  return row.ratio >= row.target && row.p99 <= P99_LIMIT_MS && rssOk && row.errors + row.wrong === 0;
}

/** A Markdown table, readable in a terminal and pasteable into the README. */
export function formatTable(rows: readonly Row[], { header }: { header: boolean }): string {
  const lines = rows.map((r) =>
    [
      `${r.backend}, ${r.size}`,
      r.scenario,
      String(r.rps),
      String(r.p50),
      String(r.p99),
      String(r.cpuMsPerRequest),
      String(r.echoRps),
      String(r.echoP99),
      String(r.echoCpuMsPerRequest),
      `${Math.round(r.ratio * 100)}%`,
      `≥ ${Math.round(r.target * 100)}%`,
      String(r.peakRssMb),
      String(r.errors + r.wrong),
      met(r) ? 'yes' : 'NO',
    ],
  );
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [...(header ? [row(COLUMNS), row(COLUMNS.map(() => '---'))] : []), ...lines.map(row)].join('\n');
}
