/**
 * The JSON text stored for a payload. Jobs cross process boundaries (database rows, Redis),
 * so anything that does not survive JSON is refused up front rather than arriving mangled.
 * `undefined` is stored as null.
 */
export function payloadToJson(jobName: string, payload: unknown): string {
  if (payload === undefined) return 'null';
  let json: string | undefined;
  try {
    json = JSON.stringify(payload);
  } catch (error) {
    throw new Error(`Job "${jobName}": the payload is not JSON-serialisable (${(error as Error).message})`, {
      cause: error,
    });
  }
  if (json === undefined) throw new Error(`Job "${jobName}": the payload is not JSON-serialisable (${typeof payload})`);
  return json;
}
