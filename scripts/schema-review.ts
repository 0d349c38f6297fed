// npm run schema:review -- [--base <rev>] [--head <rev> | --schema <file>] [--message <text>]: compares
// schema.generated.graphql with the one at the previous commit and fails on a breaking change the
// commit message does not declare (scripts/schema-review-core.ts decides; this file reads git).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { schemaReview } from './schema-review-core.js';

const FILE = 'schema.generated.graphql';
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const USAGE = `usage: npm run schema:review -- [--base <rev>] [--head <rev> | --schema <file>] [--message <text>]

  --base <rev>      the revision to compare with (default HEAD~1, the previous commit)
  --head <rev>      read the new schema from this revision (default: the working tree's ${FILE})
  --schema <file>   read the new schema from this file instead
  --message <text>  the commit message to look for BREAKING: in (default: HEAD's, git log -1 --format=%B)
`;

/** git's stdout, or null when git exits non-zero (an unknown revision, a missing file). */
function git(...args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
  } catch {
    return null;
  }
}

const resolves = (rev: string) => git('rev-parse', '--verify', '--quiet', `${rev}^{commit}`) !== null;

/** The schema at a revision, or why there is none: the run passes when there is nothing to compare with. */
function schemaAt(rev: string, role: 'base' | 'head'): { sdl: string } | { pass: string } | { fail: string } {
  if (!resolves(rev)) {
    if (git('rev-parse', '--is-shallow-repository')?.trim() === 'true') {
      return {
        fail: `${rev} is not in this shallow clone: fetch the history first (git fetch --deepen=1, or clone with fetch-depth 2 or more)`,
      };
    }
    if (role === 'base' && git('rev-list', '--count', 'HEAD')?.trim() === '1') {
      return { pass: `the repository has one commit: there is no ${rev} to compare with; passing` };
    }
    return { fail: `unknown revision ${rev}` };
  }
  const sdl = git('show', `${rev}:${FILE}`);
  if (sdl === null) {
    return role === 'base'
      ? { pass: `${rev} has no ${FILE}: nothing to compare with; passing` }
      : { fail: `${rev} has no ${FILE}` };
  }
  return { sdl };
}

/** The one line of a run that ends before any comparison, and its exit status. */
function stop(line: string, code: 0 | 1): 0 | 1 {
  if (code) console.error(`schema review: ${line}`);
  else console.log(`schema review: ${line}`);
  return code;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      base: { type: 'string', default: 'HEAD~1' },
      head: { type: 'string' },
      schema: { type: 'string' },
      message: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const base = schemaAt(values.base, 'base');
  if ('pass' in base) return stop(base.pass, 0);
  if ('fail' in base) return stop(base.fail, 1);

  let after: string;
  if (values.head) {
    const head = schemaAt(values.head, 'head');
    if (!('sdl' in head)) return stop('fail' in head ? head.fail : head.pass, 1);
    after = head.sdl;
  } else {
    const path = values.schema ?? join(ROOT, FILE);
    if (!existsSync(path)) return stop(values.schema ? `no such file ${path}` : `${FILE} is missing: run npm run codegen`, 1);
    after = readFileSync(path, 'utf8');
  }
  const message = values.message ?? git('log', '-1', '--format=%B') ?? '';
  const review = await schemaReview({
    before: base.sdl,
    after,
    message,
    label: `${values.base} → ${values.head ?? values.schema ?? 'working tree'}`,
  });
  for (const line of review.lines) console.log(line);
  return review.exitCode;
}

process.exitCode = await main();
