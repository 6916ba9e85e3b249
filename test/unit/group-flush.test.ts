import { describe, expect, it } from '@jest/globals';
import { GroupFlush } from '../../src/store/lowdb/group-flush.js';

/** A flush the test finishes by hand, recording when each one started. */
function manualFlushes() {
  const started: { finish: () => void; fail: (e: Error) => void }[] = [];
  const flush = () => new Promise<void>((resolve, reject) => started.push({ finish: resolve, fail: reject }));
  return { started, group: new GroupFlush(flush) };
}

const settledNow = async (promise: Promise<unknown>) => {
  let settled = false;
  void promise.then(() => (settled = true), () => (settled = true));
  await new Promise((r) => setImmediate(r));
  return settled;
};

describe('flushing for many writers at once', () => {
  it('answers each caller with a flush that started after its call, and shares it with the callers that came together', async () => {
    const { started, group } = manualFlushes();
    const first = group.after();
    expect(started).toHaveLength(1);
    // Both arrive while the first flush runs: what they wrote may not be in it, so they wait for the next.
    const second = group.after();
    const third = group.after();
    expect(started).toHaveLength(1);
    started[0]!.finish();
    await first;
    expect(await settledNow(second)).toBe(false);
    expect(started).toHaveLength(2);
    started[1]!.finish();
    await Promise.all([second, third]);
    expect(started).toHaveLength(2);
  });

  it('reports a failed flush to its callers only, and flushes again for the next', async () => {
    const { started, group } = manualFlushes();
    const first = group.after();
    const second = group.after();
    started[0]!.fail(new Error('EIO'));
    await expect(first).rejects.toThrow('EIO');
    await new Promise((r) => setImmediate(r));
    started[1]!.finish();
    await expect(second).resolves.toBeUndefined();
  });

  it('is idle once every flush asked for has ended', async () => {
    const { started, group } = manualFlushes();
    void group.after();
    void group.after();
    const idle = group.idle();
    started[0]!.finish();
    expect(await settledNow(idle)).toBe(false);
    started[1]!.finish();
    await idle;
  });
});
