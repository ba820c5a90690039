import { connectDatabase } from '../../../core/src/database/connect.ts';
import { sql } from 'kysely';
const h = await connectDatabase(process.env.DATABASE_URL ? { url: process.env.DATABASE_URL, dataDir: '', schema: 'scratch_x' } : { dataDir: 'memory://' });
await sql`drop table if exists t`.execute(h.db);
await sql`create table t (a text)`.execute(h.db);
await sql`create unique index t_a_key on t (lower(a))`.execute(h.db);
await sql`insert into t values ('x')`.execute(h.db);
try { await sql`insert into t values ('X')`.execute(h.db); } catch (e: any) { console.log(e.constructor.name, e.code, e.constraint, e.message); }
console.log(h.db.isTransaction);
await h.db.transaction().execute(async (tx) => console.log(tx.isTransaction));
await h.close();
