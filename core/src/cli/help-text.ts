/** The environment variables `--help` lists (load-settings.ts and runtime/logger.ts read them). */
export const ENVIRONMENT_HELP = `
Environment variables (they override the instance file's settings):
  PORT                      port to listen on (default 8080)
  HOST                      interface to listen on (default 0.0.0.0, every interface)
  PUBLIC_URL                the address people and other servers reach, e.g. https://commons.example.org
  DATA_DIR                  data directory: embedded database and uploads (default ./data)
  DATABASE_URL              postgres://user:password@host:5432/db; unset means the embedded database in DATA_DIR
  REDIS_URL                 redis://host:6379: jobs in BullMQ and shared rate limits (unset: in-process jobs)
  MEILISEARCH_URL           a Meilisearch server for search (unset: PostgreSQL full text)
  MEILISEARCH_KEY           its API key
  LOG_LEVEL                 fatal, error, warn, info (default), debug, trace or silent
  FEDERATION_ALLOW_PRIVATE  true lets federation fetch private and loopback addresses (tests, a LAN)

start and worker write JSON log lines to standard output; the other commands only warnings and
errors, unless given --verbose.`;
