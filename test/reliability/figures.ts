import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FOLDER = join('test-results', 'reliability');

/**
 * Records what a reliability or security test tried and found, for CI's summary and the README:
 * printed, and written to test-results/reliability/<name>.json.
 */
export function reportFigures(name: string, figures: Readonly<Record<string, number | string>>): void {
  mkdirSync(FOLDER, { recursive: true });
  writeFileSync(join(FOLDER, `${name}.json`), `${JSON.stringify(figures, null, 2)}\n`);
  console.log(`${name}: ${Object.entries(figures).map(([k, v]) => `${k} ${v}`).join(', ')}`);
}
