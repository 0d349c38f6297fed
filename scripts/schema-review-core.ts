// The schema review's verdict, without git or files: two SDL texts and a commit message in, the
// changes by criticality, the exit status and the report out (scripts/schema-review.ts runs it).
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';

/** A commit message containing this marker declares its breaking schema changes as intended. */
export const BREAKING_MARKER = 'BREAKING:';

export interface SchemaReviewArgs {
  before: string;
  after: string;
  /** The commit message that may declare a breaking change. */
  message: string;
  /** How the compared revisions are named in the report, e.g. `HEAD~1 → working tree`. */
  label?: string;
}

export interface SchemaReview {
  changes: Change[];
  breaking: Change[];
  dangerous: Change[];
  safe: Change[];
  declared: boolean;
  exitCode: 0 | 1;
  lines: string[];
}

const GROUPS = [
  { title: 'Breaking', level: CriticalityLevel.Breaking },
  { title: 'Dangerous', level: CriticalityLevel.Dangerous },
  { title: 'Safe', level: CriticalityLevel.NonBreaking },
] as const;

/** A removal that skipped the deprecation step gets said so: clients had no warning in the schema. */
function undeprecatedRemoval(change: Change): boolean {
  const meta = change.meta as { isRemovedFieldDeprecated?: boolean; isInputFieldDeprecated?: boolean } | undefined;
  if (change.type === 'FIELD_REMOVED') return meta?.isRemovedFieldDeprecated === false;
  if (change.type === 'INPUT_FIELD_REMOVED') return meta?.isInputFieldDeprecated === false;
  return false;
}

export async function schemaReview({ before, after, message, label }: SchemaReviewArgs): Promise<SchemaReview> {
  const changes = await diff(buildSchema(before), buildSchema(after));
  const by = (level: CriticalityLevel) => changes.filter((c) => c.criticality.level === level);
  const [breaking, dangerous, safe] = GROUPS.map((g) => by(g.level)) as [Change[], Change[], Change[]];
  const declared = message.includes(BREAKING_MARKER);
  const lines: string[] = [
    `schema review${label ? ` (${label})` : ''}: ${changes.length ? `${changes.length} change(s): ${breaking.length} breaking, ${dangerous.length} dangerous, ${safe.length} safe` : 'no changes'}`,
  ];
  for (const [i, group] of [breaking, dangerous, safe].entries()) {
    if (!group.length) continue;
    lines.push('', `${GROUPS[i]!.title} (${group.length}):`);
    for (const c of group) {
      // graphql-inspector escapes the quotes inside its quoted names and descriptions.
      const text = c.message.replaceAll("\\'", "'");
      lines.push(`  ${c.path ?? '(schema)'}: ${text}${undeprecatedRemoval(c) ? ' (it was not @deprecated first)' : ''}`);
    }
  }
  let exitCode: 0 | 1 = 0;
  if (breaking.length) {
    lines.push('');
    if (declared) {
      lines.push(`The breaking change(s) are declared: the commit message contains ${BREAKING_MARKER}`);
    } else {
      exitCode = 1;
      lines.push(
        `FAILED: ${breaking.length} breaking change(s) and no ${BREAKING_MARKER} in the commit message.`,
        'Deprecate first (@deprecated(reason: "use … instead")) and remove in a later release, or, when clients',
        `must change now, say so in the commit message: a line "${BREAKING_MARKER} <what breaks and what clients do>".`,
      );
    }
  }
  return { changes, breaking, dangerous, safe, declared, exitCode, lines };
}
