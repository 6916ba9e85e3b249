// Preloaded into a product process by BENCH_ALLOC_PROF=<folder>. node --heap-prof keeps only what is still
// live when the process exits; this samples every allocation, the garbage collected on the way included,
// which is what sets how often the collector runs. Written at exit as a .heapprofile (Chrome DevTools).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const folder = process.env['BENCH_ALLOC_PROF'];
if (folder) {
  const session = new Session();
  session.connect();
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 16 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  // A session on the process's own thread answers synchronously, so this finishes before the exit.
  process.on('exit', () => {
    session.post('HeapProfiler.stopSampling', (error, result) => {
      if (!error) writeFileSync(join(folder, `Alloc.${process.pid}.heapprofile`), JSON.stringify(result.profile));
    });
  });
}
