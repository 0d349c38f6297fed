// Statements built once and run with new parameters, for every tenant. drizzle builds a query's
// SQL text anew on each call (14 % of the client list's CPU under load); the hot paths (session
// check, lists, detail, loaders) instead build each shape once, with placeholders, on the
// database's compiler, and run it through the request's schema-bound client, which puts the
// tenant's schema into the text as it is sent. A shape is a key the caller derives from what
// changes the SQL (scope kind, filters present, order); values never go into the key.
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Orm } from './database.js';
import type { TenantDb } from './tenant-db.js';

interface Prepared<R> {
  execute(values?: Record<string, unknown>): Promise<R>;
}

export interface CompiledFamily<S, R> {
  run(db: TenantDb, shape: S, values: Record<string, unknown>): Promise<R>;
  /** How many shapes were built (tests: the count stays put however often they run). */
  readonly built: number;
}

/** Shapes kept per family: far more than the code paths make, so eviction only bounds a misuse. */
const MAX_SHAPES = 512;

/**
 * A family of statements, one per shape, built at first use (per database driver: a statement is
 * prepared for the driver that runs it). `keyOf` names a shape by what changes its SQL; a shape
 * holds flags and enumerations only, never values, so a family holds few statements.
 */
export function compiledFamily<S, R>(
  keyOf: (shape: S) => string,
  build: (orm: Orm, shape: S) => Prepared<R>,
): CompiledFamily<S, R> {
  const byCompiler = new WeakMap<Orm, Map<string, Prepared<R>>>();
  let built = 0;
  return {
    run(db, shape, values) {
      const compiler = db.database.compiler;
      let shapes = byCompiler.get(compiler);
      if (!shapes) byCompiler.set(compiler, (shapes = new Map()));
      const key = keyOf(shape);
      let prepared = shapes.get(key);
      if (!prepared) {
        if (shapes.size >= MAX_SHAPES) shapes.delete(shapes.keys().next().value!);
        shapes.set(key, (prepared = build(compiler, shape)));
        db.database.markCompiled(prepared);
        built++;
      }
      // The prepared statement runs on the client it holds: a view of it holding the request's.
      const bound = Object.create(prepared) as Prepared<R> & { client: unknown };
      bound.client = db.client;
      return bound.execute(values);
    },
    get built() {
      return built;
    },
  };
}

/** One statement with a single shape. */
export function compiled<R>(build: (orm: Orm) => Prepared<R>): (db: TenantDb, values: Record<string, unknown>) => Promise<R> {
  const family = compiledFamily<null, R>(
    () => '',
    (orm) => build(orm),
  );
  return (db, values) => family.run(db, null, values);
}

/**
 * How a statement over a batch of ids is written. One id is `column = $ids`, which PostgreSQL
 * plans once per connection; more are `column = any($ids)`, which it plans on every execution
 * (the generic plan of `= any($1)` assumes ten ids, so a custom plan always looks cheaper). A
 * detail page's loaders all get one id, so they run on plans made once.
 */
export type IdsShape = 'one' | 'many';

export const idsShape = (ids: readonly string[]): IdsShape => (ids.length === 1 ? 'one' : 'many');

/** The value of the `ids` placeholder for a batch of that shape. */
export const idsValue = (ids: readonly string[]): string | string[] => (ids.length === 1 ? ids[0]! : [...ids]);

/** `column = $ids` (one) or `column = any($ids)` (a batch as one array parameter, any batch size). */
export function anyId(column: AnyPgColumn, shape: IdsShape = 'many', placeholder = 'ids'): SQL {
  return shape === 'one'
    ? sql`${column} = ${sql.placeholder(placeholder)}::uuid`
    : sql`${column} = any(${sql.placeholder(placeholder)}::uuid[])`;
}

/** A statement over a batch of ids (a loader's), in its two shapes; `values` are its other parameters. */
export function compiledByIds<R>(
  build: (orm: Orm, shape: IdsShape) => Prepared<R>,
): (db: TenantDb, ids: readonly string[], values?: Record<string, unknown>) => Promise<R> {
  const family = compiledFamily<IdsShape, R>((shape) => shape, build);
  return (db, ids, values = {}) => family.run(db, idsShape(ids), { ...values, ids: idsValue(ids) });
}

/** An empty name keeps a statement unnamed on the wire: named ones do not survive PgBouncer's transaction pooling (before 1.21). */
export const UNNAMED = '';
