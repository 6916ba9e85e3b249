import { describe, expect, it } from '@jest/globals';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DurableJsonFile } from '../../src/store/lowdb/durable-file.js';

describe('a tenant file written durably', () => {
  it('reads a missing file as none, replaces the file whole, and leaves no temporary file beside it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pd-durable-'));
    const file = new DurableJsonFile<{ seq: number; name: string }>(join(dir, 'tenant.json'));
    expect(file.read()).toBeNull();
    file.write({ seq: 1, name: 'first' });
    file.write({ seq: 2, name: 'second' });
    expect(file.read()).toEqual({ seq: 2, name: 'second' });
    expect(JSON.parse(await readFile(join(dir, 'tenant.json'), 'utf8'))).toEqual({ seq: 2, name: 'second' });
    expect(await readdir(dir)).toEqual(['tenant.json']);
  });

  it('reports a file it cannot read rather than calling it missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pd-durable-'));
    expect(() => new DurableJsonFile(dir).read()).toThrow(/EISDIR/);
  });
});
