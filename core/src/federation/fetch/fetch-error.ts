/** Why an outgoing fetch was refused or failed; the message is the precise reason, for logs and callers. */
export type RemoteFetchFailure =
  | 'invalid-url'
  | 'scheme'
  | 'address'
  | 'dns'
  | 'network'
  | 'timeout'
  | 'too-large'
  | 'redirects'
  | 'status'
  | 'content-type'
  | 'invalid-json'
  | 'id-mismatch'
  /** Not sent: this process already has as many fetches in flight as its settings allow, and the wait ran out. */
  | 'busy';

export class RemoteFetchError extends Error {
  override readonly name = 'RemoteFetchError';

  constructor(
    readonly failure: RemoteFetchFailure,
    /** The precise reason: "address 127.0.0.1 is private (loopback)", "timed out after 10000 ms"... */
    readonly reason: string,
    /** The URL being fetched when it failed (after any redirects). */
    readonly url: string,
    /** The HTTP status, when the server answered (failure 'status'): callers treat 404 and 410 as gone. */
    readonly status?: number,
  ) {
    super(reason);
  }
}
