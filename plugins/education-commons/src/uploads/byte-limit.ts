import { UploadTooLargeError } from './upload-errors.js';

/**
 * Passes chunks through and throws UploadTooLargeError the moment more than `maxBytes` went by, so a
 * too-large upload stops while it streams rather than after it has been stored. Ending the loop
 * early destroys the source.
 */
export async function* limitBytes(source: AsyncIterable<Buffer>, maxBytes: number): AsyncGenerator<Buffer> {
  let seen = 0;
  for await (const chunk of source) {
    seen += chunk.length;
    if (seen > maxBytes) throw new UploadTooLargeError(maxBytes);
    yield chunk;
  }
}
