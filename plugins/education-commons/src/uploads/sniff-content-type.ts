import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';

export const PLAIN_TEXT = 'text/plain';
export const PLAIN_TEXT_UTF8 = 'text/plain; charset=utf-8';

export interface PeekedStream {
  /** The first bytes (up to the number asked for; fewer when the stream is shorter). */
  head: Buffer;
  /** True when the stream ended within the head. */
  complete: boolean;
  /** The whole stream again, head included, for whoever consumes it next. */
  stream: Readable;
  /** Stops reading (destroying the source) when the stream will not be consumed. */
  discard(): Promise<void>;
}

/** Reads the first `bytes` of a stream without losing them. */
export async function peek(source: AsyncIterable<Buffer>, bytes: number): Promise<PeekedStream> {
  const iterator = source[Symbol.asyncIterator]();
  const chunks: Buffer[] = [];
  let length = 0;
  let complete = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      complete = true;
      break;
    }
    chunks.push(next.value);
    length += next.value.length;
  }
  const buffered = Buffer.concat(chunks);
  async function* replay(): AsyncGenerator<Buffer> {
    yield buffered;
    if (complete) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
  }
  return {
    head: buffered.subarray(0, bytes),
    complete,
    stream: Readable.from(replay(), { objectMode: false }),
    async discard() {
      await iterator.return?.();
    },
  };
}

/**
 * The MIME type the bytes say the file is: magic numbers first (file-type), then UTF-8 text for
 * files that have none (CSV, Markdown, HTML and code all become text/plain, which is safe to serve).
 * null when neither recognises it. The type a client declared is never consulted.
 */
export async function sniffContentType(head: Buffer, complete: boolean): Promise<string | null> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  return looksLikeUtf8Text(head, complete) ? PLAIN_TEXT_UTF8 : null;
}

/** Base type without parameters, lowercased: `text/plain; charset=utf-8` -> `text/plain`. */
export function baseType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

// C0 controls other than tab, line feed, vertical tab, form feed, carriage return and escape, plus DEL.
const BINARY_CONTROL = /[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f]/;

function looksLikeUtf8Text(head: Buffer, complete: boolean): boolean {
  if (head.length === 0) return false;
  try {
    // `stream: true` forgives a character cut in half at the end of a partial head.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return !BINARY_CONTROL.test(text);
  } catch {
    return false;
  }
}
