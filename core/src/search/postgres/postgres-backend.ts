import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { InstanceSettings, SearchDocument, SearchDocumentType, SearchResults } from '@commonplace/sdk/internal';
import type { BackendQuery, IndexRebuild, SearchBackend } from '../backend.js';
import { FALLBACK_CONFIG } from '../languages.js';
import { filterKindOf } from '../query-input.js';
import { decodePosition, encodePosition, type SearchPosition } from './cursor.js';
import { toDocumentRow, type DocumentRow } from './document-rows.js';
import { analyseText, fuzzyTsquery, quoteLexeme } from './text-query.js';

export type PostgresBackendOptions = Pick<
  InstanceSettings['search'],
  'maxFacetValues' | 'typoMinWordLength' | 'typoSimilarity' | 'rankCandidateLimit'
>;

/** How long the list of text search configurations in use is trusted before it is read again. */
const CONFIGS_IN_USE_TTL_MS = 30_000;
/** Exact matches of the whole query on the title rank above everything else. */
const EXACT_TITLE_BONUS = 2;
/** Typo-corrected matches count for a tenth of exact ones. */
const FUZZY_WEIGHT = 0.1;
const MAX_WORD_LENGTH = 40;
/** A capped search also ranks the newest matches: this share of `rankCandidateLimit` of them. */
const FRESH_SHARE = 20;

type Generations = 'live-and-building' | { building: Map<string, number> };

interface PageRow {
  type: string;
  id: string;
  score: number;
  updated_ms: number;
  origin_host: string | null;
}

/** A query text as tsquery literals: `whole` words in every language, `main` adds the last word as a prefix. */
interface TextMatch {
  text: string;
  whole: string | null;
  main: string;
  fuzzy: string | null;
}

/** What a capped search's second look (the newest and the exact title matches) needs from the first. */
interface CappedParts {
  query: BackendQuery;
  text: TextMatch;
  where: RawBuilder<unknown>;
  columns: RawBuilder<unknown>;
  live: RawBuilder<unknown>;
  position: SearchPosition | null;
}

interface FacetRow {
  field: string;
  value: string;
  count: number;
}

/**
 * Full-text search in the instance's own database (PostgreSQL or PGlite): a weighted tsvector per
 * document in its language's configuration plus an unstemmed one (prefixes, any-language matches),
 * websearch_to_tsquery over every configuration in use, pg_trgm corrections for typos, jsonb filters,
 * reader keys in a text[] with GIN, and a generation per type so a rebuild swaps in atomically.
 */
export class PostgresSearchBackend implements SearchBackend {
  readonly name = 'postgres';
  readonly capabilities = { stemming: true };
  private readonly declarations = new Map<string, SearchDocumentType>();
  private available: Set<string> = new Set([FALLBACK_CONFIG]);
  private inUse: { configs: Set<string>; readAt: number } | undefined;
  /** Types known to have their core_search_generations row (rows are never deleted). */
  private readonly withGeneration = new Set<string>();

  constructor(
    private readonly db: Kysely<any>,
    private readonly options: PostgresBackendOptions,
  ) {}

  async prepare(documentTypes: readonly SearchDocumentType[]): Promise<void> {
    for (const declaration of documentTypes) this.declarations.set(declaration.type, declaration);
    const configs = await sql<{ name: string }>`select cfgname as name from pg_ts_config`.execute(this.db);
    this.available = new Set(configs.rows.map((row) => row.name));
    for (const declaration of documentTypes) await this.ensureGeneration(declaration.type);
  }

  async upsert(documents: readonly SearchDocument[]): Promise<void> {
    await this.write(documents, 'live-and-building');
  }

  async remove(refs: readonly { type: string; id: string }[]): Promise<void> {
    if (refs.length === 0) return;
    // Every generation: a rebuild under way must not bring the document back when it is swapped in.
    await sql`
      delete from core_search_documents d
      using jsonb_to_recordset(${JSON.stringify(refs)}::jsonb) as r(type text, id text)
      where d.type = r.type and d.id = r.id`.execute(this.db);
  }

  async search(query: BackendQuery): Promise<SearchResults> {
    const position = query.after ? decodePosition(query.after) : null;
    const types = query.documentTypes.map((declaration) => declaration.type);
    if (types.length === 0) return { hits: [], totalEstimate: 0, facets: {}, endCursor: null };
    const text = await this.textMatch(query.text.trim());
    const { where, score } = this.matching(query, types, text);
    const limit = this.options.rankCandidateLimit;
    const facetFields = [...new Set(query.documentTypes.flatMap((declaration) => declaration.facets ?? []))];
    const columns = sql`d.type, d.id, d.origin_host, ${score} as score, date_part('epoch', d.updated_at) * 1000 as updated_ms`;
    const live = sql`core_search_documents d join core_search_generations g on g.type = d.type and g.live = d.generation`;
    // Ranked text queries page through the candidates; a query without text is a listing, newest
    // first, paged straight down the recency index over every match.
    const page = text
      ? sql`select c.type, c.id, c.origin_host, c.score, c.updated_ms from candidates c ${rankedKeyset('c', position)}
          order by c.score desc, c.updated_ms desc, c.type, c.id limit ${query.first + 1}`
      : sql`select ${columns} from ${live} where ${where} ${listingKeyset(position)}
          order by d.updated_at desc, d.type, d.id limit ${query.first + 1}`;
    const result = await sql<{ page: PageRow[] | null; matched: number; last_page: number | null; pages: number; facets: FacetRow[] | null }>`
      with candidates as materialized (
        -- The first matches the index yields: all of them, or one more than the limit when capped.
        select ${columns}, d.filters, d.ctid as row_id from ${live} where ${where} limit ${limit + 1}),
      page as (${page}),
      facet_groups as (
        -- Grouped by each document's values first: far fewer rows to expand than one per document.
        select f.field, c.filters -> f.field as vals, count(*) as n
        from candidates c cross join unnest(${facetFields}::text[]) as f(field) group by 1, 2),
      facet_counts as (
        select g.field, v.value, sum(g.n)::int as count,
          row_number() over (partition by g.field order by sum(g.n) desc, v.value) as rank
        from facet_groups g
        cross join jsonb_array_elements_text(case when jsonb_typeof(g.vals) = 'array' then g.vals else '[]'::jsonb end) as v(value)
        group by g.field, v.value)
      select
        (select json_agg(page order by ${text ? sql`page.score desc, ` : sql``}page.updated_ms desc, page.type, page.id) from page) as page,
        (select count(*)::int from candidates) as matched,
        (select max((row_id::text::point)[0]) from candidates) as last_page,
        pg_relation_size('core_search_documents')::float8 / current_setting('block_size')::float8 as pages,
        (select json_agg(facet_counts order by field, count desc, value) from facet_counts where rank <= ${this.options.maxFacetValues}) as facets`.execute(this.db);
    const row = result.rows[0]!;
    const capped = row.matched > limit;
    const total = capped ? estimateTotal(row.matched, Number(row.last_page), Number(row.pages)) : row.matched;
    const scale = capped ? total / row.matched : 1;
    const pageRows = capped && text ? await this.withNewestAndTitles(row.page ?? [], { query, text, where, columns, live, position }) : (row.page ?? []);
    const rows = pageRows.slice(0, query.first);
    const last = rows[rows.length - 1];
    const positionOf = (hit: PageRow) => encodePosition({ score: Number(hit.score), updatedMs: Number(hit.updated_ms), type: hit.type, id: hit.id });
    const facets: Record<string, Record<string, number>> = Object.fromEntries(facetFields.map((field) => [field, {}]));
    for (const facet of row.facets ?? []) facets[facet.field]![facet.value] = Math.round(Number(facet.count) * scale);
    return {
      hits: rows.map((hit) => ({ id: hit.id, type: hit.type, score: Number(hit.score), originHost: hit.origin_host, cursor: positionOf(hit) })),
      totalEstimate: total,
      facets,
      endCursor: pageRows.length > query.first && last ? positionOf(last) : null,
    };
  }

  /**
   * A capped search's page also weighs the newest matches and the exact title matches, which the
   * candidates (the first matches in the table's order) may have missed: the page is the top of the
   * three together, in ranked order, after the cursor.
   */
  private async withNewestAndTitles(candidatePage: PageRow[], parts: CappedParts): Promise<PageRow[]> {
    const { query, text, where, columns, live, position } = parts;
    const fresh = Math.ceil(this.options.rankCandidateLimit / FRESH_SHARE);
    const result = await sql<{ page: PageRow[] | null }>`
      with found as (
        select r.type, r.id, r.origin_host, r.score, r.updated_ms
        from jsonb_to_recordset(${JSON.stringify(candidatePage)}::jsonb) as r(type text, id text, origin_host text, score float8, updated_ms float8)
        union all (select ${columns} from ${live} where ${where} order by d.updated_at desc, d.type, d.id limit ${fresh})
        union all (select ${columns} from ${live} where ${where} and lower(d.title) = ${text.text.toLowerCase()} limit ${fresh})),
      c as (select distinct on (found.type, found.id) found.* from found),
      page as (select c.* from c ${rankedKeyset('c', position)} order by c.score desc, c.updated_ms desc, c.type, c.id limit ${query.first + 1})
      select json_agg(page order by page.score desc, page.updated_ms desc, page.type, page.id) as page from page`.execute(this.db);
    return result.rows[0]?.page ?? [];
  }

  async beginRebuild(type?: string): Promise<IndexRebuild> {
    const types = type ? [type] : await this.knownTypes();
    const building = new Map<string, number>();
    await this.db.transaction().execute(async (tx) => {
      for (const name of types) {
        await this.ensureGeneration(name, tx);
        const row = await tx
          .selectFrom('core_search_generations')
          .select(['live', 'building'])
          .where('type', '=', name)
          .forUpdate()
          .executeTakeFirstOrThrow();
        // A rebuild that died half-way left its generation behind: start that one again from empty.
        if (row.building !== null) await tx.deleteFrom('core_search_documents').where('type', '=', name).where('generation', '=', row.building).execute();
        const next = Math.max(row.live, row.building ?? 0) + 1;
        await tx.updateTable('core_search_generations').set({ building: next }).where('type', '=', name).execute();
        building.set(name, next);
      }
    });
    return {
      upsert: async (documents) => {
        const unexpected = documents.find((document) => !building.has(document.type));
        if (unexpected) throw new Error(`rebuild: document of type "${unexpected.type}" is not part of this rebuild`);
        await this.write(documents, { building });
      },
      commit: async () => {
        await this.db.transaction().execute(async (tx) => {
          for (const [name, generation] of building) {
            const swapped = await tx
              .updateTable('core_search_generations')
              .set({ live: generation, building: null })
              .where('type', '=', name)
              .where('building', '=', generation)
              .executeTakeFirst();
            if (Number(swapped.numUpdatedRows) !== 1) throw new Error(`rebuild of "${name}" was replaced by another rebuild`);
            await tx.deleteFrom('core_search_documents').where('type', '=', name).where('generation', '<>', generation).execute();
          }
        });
      },
      abort: async () => {
        await this.db.transaction().execute(async (tx) => {
          for (const [name, generation] of building) {
            await tx.deleteFrom('core_search_documents').where('type', '=', name).where('generation', '=', generation).execute();
            await tx.updateTable('core_search_generations').set({ building: null }).where('type', '=', name).where('building', '=', generation).execute();
          }
        });
      },
    };
  }

  async isAvailable(): Promise<boolean> {
    try {
      await sql`select 1 from core_search_generations limit 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  /** Inserts or replaces documents in the live generation and any being built, or only in a rebuild's. */
  private async write(documents: readonly SearchDocument[], generations: Generations): Promise<void> {
    if (documents.length === 0) return;
    const latest = new Map<string, DocumentRow>();
    for (const document of documents) {
      // The last version of a document in a batch wins; one row per key keeps ON CONFLICT well-defined.
      latest.set(`${document.type}\u0000${document.id}`, toDocumentRow(document, this.declarations.get(document.type), this.available));
    }
    const rows = [...latest.values()];
    if (generations === 'live-and-building') {
      for (const type of new Set(rows.map((row) => row.type))) if (!this.withGeneration.has(type)) await this.ensureGeneration(type);
    }
    const targets =
      generations === 'live-and-building'
        ? sql`select g.type, unnest(array_remove(array[g.live, g.building], null)) as generation from core_search_generations g`
        : sql`select t.type, t.generation from jsonb_to_recordset(${JSON.stringify([...generations.building].map(([type, generation]) => ({ type, generation })))}::jsonb) as t(type text, generation int)`;
    await sql`
      insert into core_search_documents (type, generation, id, config, title, tsv, readers, filters, origin_host, updated_at)
      select r.type, g.generation, r.id, r.config, r.title,
        -- Stemmed words, then the unstemmed forms that differ (for prefixes and other languages' queries):
        -- a word twice would double the positions every ranking reads.
        setweight(v.sa, 'A') || setweight(v.sb, 'B') || setweight(v.sc, 'C') || setweight(v.sd, 'D') ||
        setweight(ts_delete(v.pa, tsvector_to_array(v.sa)), 'A') || setweight(ts_delete(v.pb, tsvector_to_array(v.sb)), 'B') ||
        setweight(ts_delete(v.pc, tsvector_to_array(v.sc)), 'C') || setweight(ts_delete(v.pd, tsvector_to_array(v.sd)), 'D'),
        r.readers, r.filters, r.origin_host, r.updated_at
      from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(
        type text, id text, config text, a text, b text, c text, d text, title text,
        readers text[], filters jsonb, origin_host text, updated_at timestamptz)
      cross join lateral (select
        to_tsvector(r.config::regconfig, r.a) as sa, to_tsvector('simple', r.a) as pa,
        to_tsvector(r.config::regconfig, r.b) as sb, to_tsvector('simple', r.b) as pb,
        to_tsvector(r.config::regconfig, r.c) as sc, to_tsvector('simple', r.c) as pc,
        to_tsvector(r.config::regconfig, r.d) as sd, to_tsvector('simple', r.d) as pd) v
      join (${targets}) g on g.type = r.type
      on conflict (type, generation, id) do update set
        config = excluded.config, title = excluded.title, tsv = excluded.tsv, readers = excluded.readers,
        filters = excluded.filters, origin_host = excluded.origin_host, updated_at = excluded.updated_at`.execute(this.db);
    // Sorted, so two batches adding the same new words lock them in the same order.
    await sql`
      insert into core_search_words (word)
      select distinct w.word from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(a text, b text, c text, d text),
        unnest(tsvector_to_array(to_tsvector('simple', concat_ws(' ', r.a, r.b, r.c, r.d)))) as w(word)
      where length(w.word) between ${this.options.typoMinWordLength} and ${MAX_WORD_LENGTH}
      order by w.word
      on conflict (word) do nothing`.execute(this.db);
    const inUse = this.inUse;
    if (inUse) for (const row of rows) inUse.configs.add(row.config);
  }

  private async ensureGeneration(type: string, executor: Kysely<any> = this.db): Promise<void> {
    await executor
      .insertInto('core_search_generations')
      .values({ type, live: 1, building: null })
      .onConflict((conflict) => conflict.column('type').doNothing())
      .execute();
    // Remembered only once committed: a rolled-back transaction's row would be missed by upserts.
    if (executor === this.db) this.withGeneration.add(type);
  }

  private async knownTypes(): Promise<string[]> {
    const rows = await this.db.selectFrom('core_search_generations').select('type').execute();
    return [...new Set([...this.declarations.keys(), ...rows.map((row) => row.type as string)])];
  }

  /** The tsqueries for a text, as tsquery literals: exact (all configurations, plus a prefix) and typo-corrected. */
  private async textMatch(text: string): Promise<TextMatch | null> {
    if (text === '') return null;
    const analysis = analyseText(text);
    const configs = [FALLBACK_CONFIG, ...[...(await this.configsInUse())].filter((config) => config !== FALLBACK_CONFIG)];
    const parsed = configs.map((config) => sql`websearch_to_tsquery(${config}::regconfig, ${text})::text`);
    const rest = analysis.prefix?.rest ? sql`websearch_to_tsquery('simple', ${analysis.prefix.rest})::text` : sql`''`;
    const typoWords = [...new Set(analysis.words.filter((word) => word.length >= this.options.typoMinWordLength && word.length <= MAX_WORD_LENGTH))];
    const result = await sql<{ parsed: string[]; rest: string; corrections: Array<{ word: string; alternatives: string[] }> }>`
      select array[${sql.join(parsed)}] as parsed, ${rest} as rest,
        coalesce((select json_agg(json_build_object('word', q.word, 'alternatives', (
          select coalesce(json_agg(w.word), '[]'::json) from (
            select word from core_search_words
            where word % q.word and similarity(word, q.word) >= ${this.options.typoSimilarity}
            order by similarity(word, q.word) desc, word limit 3) w)))
          from unnest(${typoWords}::text[]) as q(word)
          -- A word the index knows is no typo: only unknown words are looked up by trigram.
          where not exists (select 1 from core_search_words known where known.word = q.word)), '[]'::json) as corrections`.execute(this.db);
    const row = result.rows[0]!;
    // Languages that parse the text alike give one branch, not several: duplicates make ranking slower.
    const whole = [...new Set(row.parsed.filter((branch) => branch !== ''))].map((branch) => `(${branch})`).join(' | ');
    const prefix = analysis.prefix ? `${quoteLexeme(analysis.prefix.word)}:*` : null;
    const prefixBranch = prefix && row.rest ? `(${row.rest}) & ${prefix}` : prefix;
    const corrections = new Map(row.corrections.map((entry) => [entry.word, entry.alternatives]));
    return {
      text,
      whole: whole || null,
      main: [whole, prefixBranch].filter(Boolean).map((branch) => `(${branch})`).join(' | '),
      fuzzy: fuzzyTsquery(analysis.words, corrections),
    };
  }

  /** The configurations documents are indexed with, read again now and then (other processes add some). */
  private async configsInUse(): Promise<Set<string>> {
    const now = Date.now();
    if (this.inUse && now - this.inUse.readAt < CONFIGS_IN_USE_TTL_MS) return this.inUse.configs;
    const rows = await sql<{ config: string }>`select distinct config from core_search_documents`.execute(this.db);
    this.inUse = { configs: new Set(rows.rows.map((row) => row.config)), readAt: now };
    return this.inUse.configs;
  }

  /** Which live documents match and the viewer may read (over `d`), and each one's score. */
  private matching(query: BackendQuery, types: readonly string[], text: TextMatch | null): { where: RawBuilder<unknown>; score: RawBuilder<unknown> } {
    const conditions: RawBuilder<unknown>[] = [
      sql`d.type = any(${types}::text[])`,
      sql`d.readers && ${[...query.visibility.readerKeys]}::text[]`,
    ];
    const excluded = (query.excludedHosts ?? []).map((host) => host.toLowerCase()).filter(Boolean);
    if (excluded.length > 0) {
      conditions.push(
        sql`(d.origin_host is null or not (d.origin_host = any(${excluded}::text[]) or d.origin_host like any(${excluded.map((host) => `%.${escapeLike(host)}`)}::text[])))`,
      );
    }
    for (const [name, value] of Object.entries(query.filters ?? {})) {
      const kind = filterKindOf(name, query.documentTypes);
      if (kind === 'keyword') {
        const values = typeof value === 'string' ? [value] : (value as readonly string[]);
        const any = values.map((one) => sql`d.filters @> ${JSON.stringify({ [name]: [one] })}::jsonb`);
        conditions.push(sql`(${sql.join(any, sql` or `)})`);
      } else if (kind) {
        const range = value as { from?: number | string; to?: number | string };
        const number = sql`(case when jsonb_typeof(d.filters -> ${name}) = 'number' then (d.filters ->> ${name})::float8 end)`;
        if (range.from !== undefined) conditions.push(sql`${number} >= ${Number(range.from)}::float8`);
        if (range.to !== undefined) conditions.push(sql`${number} <= ${Number(range.to)}::float8`);
      }
    }
    let score: RawBuilder<unknown> = sql`0::float8`;
    if (text) {
      const all = text.fuzzy ? sql`(${text.main}::tsquery || ${text.fuzzy}::tsquery)` : sql`${text.main}::tsquery`;
      conditions.push(sql`d.tsv @@ ${all}`);
      // Ranked on whole words only: a prefix or typo match ranks below (and ranking a prefix costs double).
      const wholeRank = text.whole ? sql` + ts_rank_cd(d.tsv, ${text.whole}::tsquery, 32)` : sql``;
      const fuzzyRank = text.fuzzy ? sql` + ${FUZZY_WEIGHT} * ts_rank_cd(d.tsv, ${text.fuzzy}::tsquery, 32)` : sql``;
      score = sql`((case when lower(d.title) = ${text.text.toLowerCase()} then ${EXACT_TITLE_BONUS} else 0 end)${wholeRank}${fuzzyRank})::float8`;
    }
    return { where: sql.join(conditions, sql` and `), score };
  }
}

/** After the cursor's position, in ranked order (score, newest, type and id), over `alias`. */
function rankedKeyset(alias: string, position: SearchPosition | null): RawBuilder<unknown> {
  if (!position) return sql``;
  const column = (name: string) => sql.ref(`${alias}.${name}`);
  return sql`where (${column('score')} < ${position.score}::float8
    or (${column('score')} = ${position.score}::float8 and (${column('updated_ms')} < ${position.updatedMs}::float8
    or (${column('updated_ms')} = ${position.updatedMs}::float8 and (${column('type')}, ${column('id')}) > (${position.type}, ${position.id})))))`;
}

/**
 * After the cursor's position in a listing (every score 0): newest first. The bound on updated_at
 * itself, a millisecond wide, lets the walk down the recency index start at the position.
 */
function listingKeyset(position: SearchPosition | null): RawBuilder<unknown> {
  if (!position) return sql``;
  const updatedMs = sql`(date_part('epoch', d.updated_at) * 1000)`;
  return sql`and d.updated_at <= to_timestamp(${(position.updatedMs + 1) / 1000}::float8)
    and (${updatedMs} < ${position.updatedMs}::float8
      or (${updatedMs} = ${position.updatedMs}::float8 and (d.type, d.id) > (${position.type}, ${position.id})))`;
}

/**
 * The total of a capped search: the candidates are the first matches in the table's physical order
 * (a bitmap or sequential scan reads pages in order), so the share of pages read before the last
 * candidate stands for the share of matches found. At least one more than the candidates.
 */
function estimateTotal(candidates: number, lastPage: number, pages: number): number {
  if (!Number.isFinite(lastPage) || !Number.isFinite(pages) || pages <= lastPage + 1) return candidates;
  return Math.max(candidates, Math.round((candidates * pages) / (lastPage + 1)));
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
