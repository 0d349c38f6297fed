// The column declarations of row-backed types (src/db/row-columns.ts) against the schema: a
// field resolver missing from `computed` would read a column the list did not select.
import { getTableColumns } from 'drizzle-orm';
import { buildASTSchema, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { tenantTables } from '../../src/db/tables/tenant.js';
import { columnsRead, rowColumns, selectColumns, type RowFields } from '../../src/db/row-columns.js';
import { RESOLVERS } from '../../src/graphql/schema.js';
import { typeDefs } from '../../src/graphql/type-defs.js';
import { CLIENT_ROW } from '../../src/modules/clients/models.js';
import { BRANCH_ROW } from '../../src/modules/org/models.js';
import { USER_ROW } from '../../src/modules/users/models.js';

const SHAPES: RowFields[] = [CLIENT_ROW, BRANCH_ROW, USER_ROW];
const schema = buildASTSchema(typeDefs());

describe.each(SHAPES.map((s) => [s.typeName, s] as const))('the columns of %s', (typeName, shape) => {
  const type = schema.getType(typeName);
  const fields = isObjectType(type) ? Object.keys(type.getFields()) : [];
  const resolved = new Set(RESOLVERS.flatMap((r) => Object.keys((r as Record<string, object>)[typeName] ?? {})));

  it('declares every field resolver of the type, and nothing the type does not have', () => {
    expect(fields.length).toBeGreaterThan(0);
    for (const f of resolved) expect(Object.hasOwn(shape.computed, f), `${typeName}.${f} has a resolver`).toBe(true);
    for (const f of Object.keys(shape.computed)) expect(fields, `${typeName}.${f}`).toContain(f);
  });

  it('reads every other field from the column of its name, so no selection of the type reads the whole row', () => {
    for (const f of fields.filter((f) => !resolved.has(f)))
      expect(Object.keys(rowColumns(shape)), `${typeName}.${f}`).toContain(f);
    expect(columnsRead(shape, fields)).not.toBe('all');
  });
});

describe('columnsRead', () => {
  it('reads the selected columns, what computed fields read and the always-read ones, sorted, once each', () => {
    expect(columnsRead(CLIENT_ROW, ['email', 'fullName', 'branch', 'email', '__typename'])).toEqual([
      'branchId',
      'email',
      'firstName',
      'id',
      'lastName',
      'middleName',
    ]);
    expect(columnsRead(BRANCH_ROW, [])).toEqual(['id']);
  });

  it('reads the whole row for a field it does not know, and never a hidden column', () => {
    expect(columnsRead(BRANCH_ROW, ['name', 'somethingNew'])).toBe('all');
    expect(columnsRead(USER_ROW, ['passwordHash'])).toBe('all');
    expect(Object.keys(selectColumns(USER_ROW, 'all'))).not.toContain('passwordHash');
    expect(Object.keys(selectColumns(USER_ROW, 'all'))).toContain('email');
    expect(selectColumns(BRANCH_ROW, 'all')).toEqual(getTableColumns(tenantTables.branches));
    expect(selectColumns(CLIENT_ROW, ['email', 'id'])).toEqual({
      email: tenantTables.clients.email,
      id: tenantTables.clients.id,
    });
  });
});
