/**
 * Why an upload was refused, with the HTTP status the route answers. Codes follow the sdk's style
 * (`extensions.code` for GraphQL, `code` in an HTTP error body).
 */
export class UploadRefusedError extends Error {
  constructor(
    readonly statusCode: 400 | 413 | 415,
    readonly code: 'BAD_USER_INPUT' | 'PAYLOAD_TOO_LARGE' | 'UNSUPPORTED_MEDIA_TYPE',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UploadTooLargeError extends UploadRefusedError {
  constructor(readonly maxBytes: number) {
    super(413, 'PAYLOAD_TOO_LARGE', `The file is larger than the limit of ${formatBytes(maxBytes)} (${maxBytes} bytes).`, { maxBytes });
  }
}

export class UnsupportedFileTypeError extends UploadRefusedError {
  constructor(readonly detectedType: string | null) {
    super(
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      detectedType
        ? `Files of type ${detectedType} are not accepted here (the type is read from the file's content, not its name).`
        : "The file's type could not be recognised from its content, and it is not plain text.",
      { detectedType },
    );
  }
}

export class EmptyUploadError extends UploadRefusedError {
  constructor(message = 'The upload has no file, or the file is empty.') {
    super(400, 'BAD_USER_INPUT', message, { field: 'file' });
  }
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} bytes`;
}
