import type { ApiError, ErrorCode, FieldIssue } from '../../src-shared';

/** Why a call failed on this side of the boundary (no answer from the service), if it did. */
export type ClientFailure = 'unreachable' | 'bad-response';

/** Thrown by send(): carries the ApiError (code, message, issues) the service returned. */
export class ApiClientError extends Error {
  readonly code: ErrorCode;
  readonly issues?: FieldIssue[];
  /** Set when the failure happened in the transport, not in the service. */
  readonly clientFailure?: ClientFailure;

  constructor(readonly error: ApiError, clientFailure?: ClientFailure) {
    super(error.message);
    this.name = 'ApiClientError';
    this.code = error.code;
    if (error.issues) this.issues = error.issues;
    if (clientFailure) this.clientFailure = clientFailure;
  }
}

export const UNREACHABLE_MESSAGE =
  'Cannot reach the Lead Desk service. Check that Lead Desk is still running, then try again.';

export function unreachable(detail?: string): ApiClientError {
  const message = detail ? `${UNREACHABLE_MESSAGE} (${detail})` : UNREACHABLE_MESSAGE;
  return new ApiClientError({ code: 'INTERNAL', message }, 'unreachable');
}

export function badResponse(detail: string): ApiClientError {
  return new ApiClientError(
    { code: 'INTERNAL', message: `The Lead Desk service sent an unexpected response (${detail}).` },
    'bad-response',
  );
}

/** Any thrown value as an ApiClientError, so screens have one thing to show. */
export function toApiClientError(err: unknown): ApiClientError {
  if (err instanceof ApiClientError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ApiClientError({ code: 'INTERNAL', message: message || 'Unexpected error.' });
}
