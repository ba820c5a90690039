import { sql, type Kysely } from 'kysely';
import { instanceSettingsSchema, type SearchDocument, type SearchDocumentType } from '@commonplace/sdk/internal';
import { connectDatabase } from '../../core/src/database/connect.js';
import { migrateAll } from '../../core/src/database/migrate.js';
import { coreMigrations } from '../../core/src/database/migrations/index.js';
import type { BackendQuery } from '../../core/src/search/backend.js';
import { PostgresSearchBackend } from '../../core/src/search/postgres/postgres-backend.js';
import { withScratchDatabase } from './lib/postgres.js';
import { int, median, ratio, type BenchResult, type Row } from './lib/report.js';

/** `npm run bench -- search --quick`: a tenth of the documents and queries, to check it runs. */
const QUICK = process.argv.includes('--quick');
const DOCUMENTS = Number(process.env.BENCH_SEARCH_DOCUMENTS ?? (QUICK ? 10_000 : 100_000));
const QUERIES_PER_SHAPE = QUICK ? 40 : 300;
const BATCH = 500;
const VOCABULARY = 3_000;
const SUBJECTS = ['biology', 'chemistry', 'physics', 'mathematics', 'history', 'geography', 'music', 'art', 'literature', 'languages', 'computing', 'economics'];
const P50_TARGET_MS = 10;
const P99_TARGET_MS = 50;

const resourceType: SearchDocumentType = {
  type: 'bench.resource',
  fields: { title: { weight: 'A' }, summary: { weight: 'B' } },
  filters: { subject: 'keyword', language: 'keyword' },
  facets: ['subject'],
  toDocument: (row: SearchDocument) => row,
  rows: async () => [],
  load: async () => new Map(),
};

/**
 * PostgreSQL full-text search (the default backend) over generated educational resources: documents
 * indexed per second, then the latency of 1-, 2- and 3-word queries with one subject filter (count and
 * facets included, as GraphQL asks for them), against a plain ILIKE scan of the same resources with
 * the same filter, measured in the same run.
 */
export async function search(): Promise<BenchResult> {
  const postgresUrl = process.env.DATABASE_URL;
  if (postgresUrl) return withScratchDatabase(postgresUrl, (url) => run('PostgreSQL', url));
  return run('PGlite', undefined);
}

async function run(label: string, url: string | undefined): Promise<BenchResult> {
  const { mkdtemp, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dataDir = url ? '' : await mkdtemp(join(tmpdir(), 'commonplace-bench-search-'));
  const database = await connectDatabase(url ? { url, dataDir, poolSize: 4 } : { dataDir });
  try {
    const db = database.db;
    await migrateAll(db, [{ owner: 'core', migrations: coreMigrations }]);
    await sql`create table bench_resources (id text primary key, title text not null, summary text not null, subject text not null, language text not null, updated_at timestamptz not null)`.execute(db);
    await sql`create index bench_resources_updated on bench_resources (updated_at desc)`.execute(db);

    // The instance defaults, so the benchmark measures what an instance runs.
    const backend = new PostgresSearchBackend(db, instanceSettingsSchema.parse({}).search);
    await backend.prepare([resourceType]);
    const words = vocabulary(VOCABULARY);
    const random = seeded(42);

    let indexMs = 0;
    for (let start = 0; start < DOCUMENTS; start += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, DOCUMENTS - start) }, (_, i) => resource(start + i, words, random));
      await sql`insert into bench_resources (id, title, summary, subject, language, updated_at)
        select * from jsonb_to_recordset(${JSON.stringify(batch.map(toRow))}::jsonb)
          as r(id text, title text, summary text, subject text, language text, updated_at timestamptz)`.execute(db);
      const started = performance.now();
      await backend.upsert(batch);
      indexMs += performance.now() - started;
    }
    await sql`analyze`.execute(db);
    const docsPerSecond = DOCUMENTS / (indexMs / 1_000);

    const rows: Row[] = [{ metric: `search index (${label}, ${int(DOCUMENTS)} docs)`, value: `${int(docsPerSecond)} docs/s`, baseline: '—', ratio: '—' }];
    const lines = [`search (${label}): indexed ${int(DOCUMENTS)} documents at ${int(docsPerSecond)} docs/s`];
    const details: string[] = [];
    for (const wordCount of [1, 2, 3]) {
      const queries = Array.from({ length: QUERIES_PER_SHAPE }, () => ({
        words: Array.from({ length: wordCount }, () => pick(words, random)),
        subject: SUBJECTS[Math.floor(random() * SUBJECTS.length)]!,
      }));
      const ours = await latencies(queries, async ({ words: terms, subject }) => {
        const result = await backend.search(backendQuery(terms.join(' '), subject));
        return result.hits.length;
      });
      const baseline = await latencies(queries, async ({ words: terms, subject }) => {
        const found = await ilikeScan(db, terms, subject);
        return found;
      });
      const p50 = percentile(ours.ms, 50);
      const p99 = percentile(ours.ms, 99);
      const baseP50 = percentile(baseline.ms, 50);
      const baseP99 = percentile(baseline.ms, 99);
      rows.push(
        {
          metric: `search ${wordCount}-word + filter p50 (${label})`,
          value: `${p50.toFixed(2)} ms`,
          baseline: `ILIKE ${baseP50.toFixed(2)} ms`,
          ratio: ratio(baseP50, p50),
          target: `< ${P50_TARGET_MS} ms`,
          pass: p50 < P50_TARGET_MS,
        },
        {
          metric: `search ${wordCount}-word + filter p99 (${label})`,
          value: `${p99.toFixed(2)} ms`,
          baseline: `ILIKE ${baseP99.toFixed(2)} ms`,
          ratio: ratio(baseP99, p99),
          target: `< ${P99_TARGET_MS} ms`,
          pass: p99 < P99_TARGET_MS,
        },
      );
      lines.push(
        `  ${wordCount} word${wordCount > 1 ? 's' : ''} + filter: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms; ` +
          `baseline ILIKE p50 ${baseP50.toFixed(2)} ms, p99 ${baseP99.toFixed(2)} ms; speed-up ${ratio(baseP50, p50)}x at p50`,
      );
      details.push(`${wordCount}-word: median ${median(ours.results)} hits per page (FTS), ${median(baseline.results)} (ILIKE)`);
    }
    details.push(
      `${QUERIES_PER_SHAPE} queries per shape after a warm-up; ratio = ILIKE time / FTS time (higher is better); indexing time counts backend.upsert only, in batches of ${BATCH}`,
    );
    return { name: 'search', line: lines.join('\n'), details, rows };
  } finally {
    await database.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

function backendQuery(text: string, subject: string): BackendQuery {
  return { text, first: 20, filters: { subject: [subject] }, visibility: { readerKeys: ['public'] }, documentTypes: [resourceType] };
}

/** The baseline: what an application without full-text search does, every word somewhere in title or summary. */
async function ilikeScan(db: Kysely<any>, terms: readonly string[], subject: string): Promise<number> {
  const conditions = terms.map((term) => sql`(r.title ilike ${`%${term}%`} or r.summary ilike ${`%${term}%`})`);
  const result = await sql`select r.id from bench_resources r where r.subject = ${subject} and ${sql.join(conditions, sql` and `)}
    order by r.updated_at desc limit 20`.execute(db);
  return result.rows.length;
}

async function latencies<Q>(queries: readonly Q[], run: (query: Q) => Promise<number>): Promise<{ ms: number[]; results: number[] }> {
  for (const query of queries.slice(0, 10)) await run(query);
  const ms: number[] = [];
  const results: number[] = [];
  for (const query of queries) {
    const started = performance.now();
    results.push(await run(query));
    ms.push(performance.now() - started);
  }
  return { ms, results };
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Pronounceable made-up words, so every language's stemmer treats them alike. */
function vocabulary(size: number): string[] {
  const random = seeded(7);
  const syllables = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'pe', 'da', 'gi', 'bo', 'fe', 'zu', 'ri', 'tor', 'lan', 'mis', 'pel', 'dor'];
  const words = new Set<string>();
  while (words.size < size) {
    const length = 2 + Math.floor(random() * 3);
    words.add(Array.from({ length }, () => syllables[Math.floor(random() * syllables.length)]).join(''));
  }
  return [...words];
}

/** Zipf-like: common words are common, as in real text. */
function pick(words: readonly string[], random: () => number): string {
  return words[Math.floor(words.length * random() ** 2.5)]!;
}

function resource(n: number, words: readonly string[], random: () => number): SearchDocument {
  const title = Array.from({ length: 3 + Math.floor(random() * 5) }, () => pick(words, random)).join(' ');
  const summary = Array.from({ length: 20 + Math.floor(random() * 30) }, () => pick(words, random)).join(' ');
  const language = random() < 0.7 ? 'en' : random() < 0.5 ? 'fr' : 'es';
  return {
    id: `r${String(n).padStart(7, '0')}`,
    type: 'bench.resource',
    audience: { kind: 'public' },
    fields: { title, summary },
    filters: { subject: [SUBJECTS[n % SUBJECTS.length]!], language: [language] },
    language,
    updatedAt: new Date(Date.UTC(2024, 0, 1) + n * 60_000),
  };
}

function toRow(document: SearchDocument) {
  return {
    id: document.id,
    title: document.fields.title,
    summary: document.fields.summary,
    subject: (document.filters!.subject as string[])[0],
    language: document.language,
    updated_at: document.updatedAt!.toISOString(),
  };
}

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
