/**
 * Typed errors a resolver, service or route throws. Each carries a stable code that
 * GraphQL clients read from `extensions.code` and an HTTP status for plain routes.
 */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  SERVICE_UNAVAILABLE: 503,
  INTERNAL_SERVER_ERROR: 500,
};

export class CommonplaceError extends Error {
  readonly code: ErrorCode;
  readonly extensions: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.extensions = extensions;
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

export class UnauthenticatedError extends CommonplaceError {
  constructor(message = 'You need to log in to do this.') {
    super('UNAUTHENTICATED', message);
  }
}

export class ForbiddenError extends CommonplaceError {
  constructor(message = 'You are not allowed to do this.') {
    super('FORBIDDEN', message);
  }
}

/** Bad input; `field` names the argument or input field at fault so clients can point at it. */
export class BadUserInputError extends CommonplaceError {
  constructor(message: string, field?: string, extensions: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', message, field ? { field, ...extensions } : extensions);
  }
}

export class NotFoundError extends CommonplaceError {
  constructor(message = 'Not found.') {
    super('NOT_FOUND', message);
  }
}

export class ConflictError extends CommonplaceError {
  constructor(message: string, field?: string) {
    super('CONFLICT', message, field ? { field } : {});
  }
}

export class RateLimitedError extends CommonplaceError {
  constructor(message = 'Too many attempts; try again later.', retryAfterSeconds?: number) {
    super('RATE_LIMITED', message, retryAfterSeconds ? { retryAfterSeconds } : {});
  }
}

export class ServiceUnavailableError extends CommonplaceError {
  constructor(message = 'A service this needs is unavailable; try again later.') {
    super('SERVICE_UNAVAILABLE', message);
  }
}

export function isCommonplaceError(error: unknown): error is CommonplaceError {
  return error instanceof CommonplaceError;
}
