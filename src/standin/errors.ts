/**
 * Telegram's error answers. The Bot API answers failures with the HTTP status
 * equal to `error_code` and a `description` whose prefix ("Bad Request: ",
 * "Forbidden: ", ...) follows from the code; bots (and grammY's GrammyError)
 * match on these strings, so the wording here is copied from real answers.
 */

/** Thrown by method handlers; the server turns it into the JSON error answer. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
    this.name = 'ApiError';
  }

  body(): Record<string, unknown> {
    return {
      ok: false,
      error_code: this.code,
      description: this.description,
      ...(this.parameters ? { parameters: this.parameters } : {}),
    };
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);
export const forbidden = (what: string): ApiError => new ApiError(403, `Forbidden: ${what}`);
export const tooManyRequests = (retryAfter: number): ApiError =>
  new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

/** Telegram's default wording per code, for faults scripted without a description. */
export function defaultDescription(code: number, retryAfter?: number): string {
  switch (code) {
    case 400:
      return 'Bad Request';
    case 401:
      return 'Unauthorized';
    case 403:
      return 'Forbidden';
    case 404:
      return 'Not Found';
    case 409:
      return 'Conflict';
    case 429:
      return `Too Many Requests: retry after ${retryAfter ?? 1}`;
    case 502:
      return 'Bad Gateway';
    default:
      return code >= 500 ? 'Internal Server Error' : `Error ${code}`;
  }
}

/**
 * A successful result that Telegram accompanies with a `description`
 * (setWebhook answers "Webhook was set"); handlers return it instead of the
 * bare result.
 */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}
