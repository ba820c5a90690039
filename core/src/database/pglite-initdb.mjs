// Creates a PGlite data directory (initdb) and exits. Run in a child process on a first start:
// initdb grows PGlite's WebAssembly heap past 600 MB and a heap never shrinks, so the server
// process opens the finished directory instead and stays small.
import { PGlite } from '@electric-sql/pglite';

const dataDir = process.argv[2];
if (!dataDir) {
  console.error('usage: pglite-initdb <data directory>');
  process.exit(2);
}
const db = await PGlite.create(dataDir);
await db.close();
