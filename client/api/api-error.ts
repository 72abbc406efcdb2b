/** A refusal with its HTTP status; `field` names the input (or 'authorization') it is about. */
export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 500 | 503,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
  }
}
