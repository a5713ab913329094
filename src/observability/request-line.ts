/** What the log says about one request, and nothing else: no URL, query, headers, cookies or body. */
export interface RequestFields {
  requestId: string;
  /** The authenticated caller's user id, or `-`. */
  user: string;
  method: string;
  /** The route as declared (`/api/plans/:planId/actions/:reference/ratings`), never the URL asked for. */
  route: string;
  status: number;
  /** From the request's arrival to the last byte of the answer handed to the operating system. */
  ms: number;
}

/** One request's line in the log: AppLogger writes it as text, or spreads its fields into the JSON entry. */
export class RequestLine {
  constructor(readonly fields: RequestFields) {}

  /** `201 POST /api/plans/:planId/actions/:reference/ratings 12.3 ms user=lead.jo request=5b0f…`: status first, so a 5xx stands out. */
  text(): string {
    const { status, method, route, ms, user, requestId } = this.fields;
    return `${status} ${method} ${route} ${ms} ms user=${user} request=${requestId}`;
  }
}
