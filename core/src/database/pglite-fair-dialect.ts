import { PGliteDialect } from 'kysely-pglite-dialect';

/**
 * How long queries may follow one another without Node reading its sockets. kysely-pglite-dialect
 * hands its one connection to the next query in a microtask, and PGlite runs a query synchronously,
 * so while requests keep queries queued the event loop never reaches its poll phase: connections
 * already in flight are served again and again, and a newly opened one waits until the queue drains.
 * Under 50 connections of the viewer feed (several queries a request) new connections were taken one
 * at a time, each after about 100 ms, so some requests waited 3 to 5 s while the rest took 120 ms.
 */
const MAX_QUERIES_RUN_MS = 10;

/** PGliteDialect whose queries let the event loop turn (setImmediate) once they have run MAX_QUERIES_RUN_MS without it. */
export class FairPGliteDialect extends PGliteDialect {
  override createDriver() {
    const driver = super.createDriver();
    const acquire = driver.acquireConnection.bind(driver);
    let lastTurn = performance.now();
    driver.acquireConnection = async () => {
      const connection = await acquire();
      if (performance.now() - lastTurn > MAX_QUERIES_RUN_MS) {
        await new Promise((resolve) => setImmediate(resolve));
        lastTurn = performance.now();
      }
      return connection;
    };
    return driver;
  }
}
