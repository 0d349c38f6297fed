// A process that tries to lock a data directory (src/db/data-dir-lock.ts) for test/bad-day.test.ts:
// prints `locked` or `refused: <message>`, holds a lock for HOLD_MS, then releases it and exits.
import { DataDirLockedError, lockDataDir } from '../../src/db/data-dir-lock.js';

const HOLD_MS = 1500;
const dir = process.argv[2];
if (!dir) throw new Error('usage: lock-child.ts <dir>');

try {
  const lock = await lockDataDir(dir, { kind: 'a lock test', warn: (m) => console.log(`warned: ${m}`) });
  console.log('locked');
  await new Promise((r) => setTimeout(r, HOLD_MS));
  lock.release();
} catch (err) {
  if (!(err instanceof DataDirLockedError)) throw err;
  console.log(`refused: ${err.message}`);
}
