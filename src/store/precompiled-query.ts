import { CompiledQuery, type Compilable, type Kysely, type QueryResult } from 'kysely';
import type { Database } from './schema';

/** Where a caller's argument goes in a query built once: the builder is given these in place of the values. */
class Slot {
  constructor(readonly index: number) {}
}

type Template = { sql: string; parameters: ReadonlyArray<Slot | { constant: unknown }> };

/**
 * Rows from values given flat, `columns.length` to a row in `columns` order: how a precompiled multi-row insert takes
 * its rows (one template per row count).
 */
export function rowsOf<R>(columns: readonly string[], flat: readonly unknown[]): R[] {
  const rows: R[] = [];
  for (let i = 0; i < flat.length; i += columns.length) rows.push(Object.fromEntries(columns.map((c, k) => [c, flat[i + k]])) as R);
  return rows;
}

/** Row counts kept per dialect: a multi-row insert of an unusual size is built as before, not kept. */
const MAX_TEMPLATES = 64;

/**
 * A query Kysely builds and compiles once per dialect and argument count, then only binds. The worker runs the same
 * fixed-shape statements for every contact, and building and compiling them was a fifth of its CPU (a profile of
 * bench:e2e's split run: Kysely's builders, its compiler and Object.freeze of each node).
 *
 * `build` must give a query whose shape does not depend on its arguments' values: they reach it as placeholders, to
 * be used only as values (in `where`, `values`, `set`, `eb.val`), never looked into or branched on. A placeholder
 * the compiled query leaves out is an error at first use. Queries with a variable number of rows or list items are
 * built per argument count (a multi-row insert: one template per row count).
 */
export function precompiled<A extends unknown[], R>(build: (db: Kysely<Database>, ...args: A) => Compilable<R>): (db: Kysely<Database>, ...args: A) => Promise<QueryResult<R>> {
  // By dialect (its adapter's class: the SQL differs) and argument count.
  const templates = new Map<unknown, Map<number, Template>>();
  const templateFor = (db: Kysely<Database>, arity: number): Template => {
    const dialect = db.getExecutor().adapter.constructor;
    let byArity = templates.get(dialect);
    if (!byArity) templates.set(dialect, (byArity = new Map()));
    let template = byArity.get(arity);
    if (!template) {
      const slots = Array.from({ length: arity }, (_, i) => new Slot(i));
      const compiled = build(db, ...(slots as unknown as A)).compile();
      const used = new Set(compiled.parameters.filter((p): p is Slot => p instanceof Slot).map((p) => p.index));
      const unused = slots.filter((s) => !used.has(s.index)).map((s) => s.index);
      if (unused.length > 0) throw new Error(`precompiled query leaves out argument(s) ${unused.join(', ')}: its builder must use every argument as a value (${compiled.sql})`);
      template = { sql: compiled.sql, parameters: compiled.parameters.map((p) => (p instanceof Slot ? p : { constant: p })) };
      if (byArity.size < MAX_TEMPLATES) byArity.set(arity, template);
    }
    return template;
  };
  return (db, ...args) => {
    let template: Template;
    try {
      template = templateFor(db, args.length);
    } catch (error) {
      return Promise.reject(error as Error); // as a failed statement would: callers await it
    }
    // An undefined value is bound as null by both drivers (Kysely would have left an insert's column out instead:
    // callers pass every value, null where they have none).
    const parameters = template.parameters.map((p) => (p instanceof Slot ? args[p.index] : p.constant));
    return db.executeQuery(CompiledQuery.raw(template.sql, parameters)) as Promise<QueryResult<R>>;
  };
}
