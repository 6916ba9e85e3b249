import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { browserAvailable } from '../helpers/browser.js';

/** A guard against a hung run, not a speed check: the walk-through takes a minute or two with the Playground's start. */
const SLOW = 300_000;

// `npm run playground:try` is how a newcomer first meets the bot; run here, a change to a card, a message or a
// flow that the Playground shows differently fails the suite instead of the next person who tries it.
(browserAvailable ? describe : describe.skip)('the Agents Playground walk-through', () => {
  it(
    'goes through help, setup, the checklist, the profile and an approved invitation in the real Playground UI',
    async () => {
      const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
        execFile(process.execPath, ['scripts/try-playground.mjs'], { timeout: SLOW - 10_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
        );
      });
      if (code !== 0) throw new Error(`npm run playground:try failed (${code}):\n${output.slice(-4000)}`);
      expect(output).toMatch(/OK: help card, whoami button, setup, the checklist, the profile and the invitation flow all worked/);
    },
    SLOW,
  );
});
