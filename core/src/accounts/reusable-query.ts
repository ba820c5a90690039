import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

/** Stands in for a value while the query is built; each run puts the caller's value in its place. */
class Slot {
  constructor(readonly name: string) {}
}

/** Marks where a per-run value goes; typed as the value so the builder checks it like one. */
export type SlotFor<Values> = <K extends keyof Values & string>(name: K) => Values[K];

/**
 * A query built and compiled once with the query builder, then run with new values each time.
 * Building and compiling a Kysely select with joins costs more CPU in Node than PostgreSQL spends
 * answering it; for the query behind every authenticated request (the session check) that cost is
 * worth paying once. `build` puts `slot('name')` wherever a per-run value goes; each slot must end
 * up as one bound parameter of the SQL (the right-hand side of a comparison), which is checked here,
 * so a value is never spliced into the SQL text.
 */
export class ReusableQuery<Values extends Record<string, unknown>, Row> {
  private readonly sql: string;
  private readonly parameters: readonly unknown[];

  constructor(build: (slot: SlotFor<Values>) => Compilable<Row>) {
    const made: Slot[] = [];
    const slot = ((name: string) => {
      const placeholder = new Slot(name);
      made.push(placeholder);
      return placeholder;
    }) as SlotFor<Values>;
    const compiled = build(slot).compile();
    for (const placeholder of made) {
      if (compiled.parameters.filter((parameter) => parameter === placeholder).length !== 1) {
        throw new Error(`slot "${placeholder.name}" must be exactly one bound parameter of the query`);
      }
    }
    this.sql = compiled.sql;
    this.parameters = compiled.parameters;
  }

  /** Every row, for these values. */
  async all(db: Kysely<any>, values: Values): Promise<Row[]> {
    const parameters = this.parameters.map((parameter) => (parameter instanceof Slot ? values[parameter.name] : parameter));
    const { rows } = await db.executeQuery(CompiledQuery.raw(this.sql, parameters) as CompiledQuery<Row>);
    return rows;
  }
}
