import autocannon from 'autocannon';
import type { Scenario } from './scenarios.js';

export const CONNECTIONS = 32;

export interface LoadResult {
  readonly requests: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Transport errors, timeouts and non-2xx answers. */
  readonly errors: number;
  /** 2xx answers that were not what the scenario expects (checked only when `check` is set). */
  readonly wrong: number;
}

/**
 * Loads one bot with a scenario's requests over CONNECTIONS keep-alive connections for `seconds`, or
 * until it has sent `maxRequests` or the scenario has no more real work to ask for.
 */
export function load(url: string, scenario: Scenario, { seconds, maxRequests, check }: { seconds: number; maxRequests?: number; check: boolean }): Promise<LoadResult> {
  let wrong = 0;
  // autocannon ends a run at its next one-second sample, so its own duration rounds a short run (an
  // approval round that used up its invitations in 1.2 s) up to whole seconds: time the answers instead.
  const started = performance.now();
  let lastAnswer = started;
  const limits = [scenario.remaining?.(), maxRequests].filter((n) => n !== undefined);
  const amount = limits.length ? Math.min(...limits) : undefined;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${url}/api/messages`,
        connections: CONNECTIONS,
        // autocannon ignores the duration when given an amount: the timer below ends such a run.
        ...(amount === undefined ? { duration: seconds } : { amount }),
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request) => ({ ...request, body: scenario.next() }),
            onResponse: (status: number, body: string) => {
              lastAnswer = performance.now();
              if (check && status < 300 && !scenario.ok(body)) wrong++;
            },
          },
        ],
      },
      (error, result) => {
        clearTimeout(timer);
        if (error) return reject(error);
        const elapsed = (lastAnswer - started) / 1000;
        resolve({
          requests: result.requests.total,
          seconds: elapsed,
          rps: result.requests.total / elapsed,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.timeouts + result.non2xx,
          wrong,
        });
      },
    );
    const timer = setTimeout(() => instance.stop(), seconds * 1000);
  });
}
