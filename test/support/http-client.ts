/** A small JSON client for a running server: bearer tokens, session cookies, forwarded headers, as a person or script would send them. */
export interface Answer {
  status: number;
  body: any;
  headers: Headers;
  /** The Set-Cookie lines of the answer. */
  cookies: string[];
}

export type Credentials = { token: string } | { session: string } | Record<string, never>;

export function httpClient(baseUrl: string) {
  async function call(method: string, path: string, who: Credentials = {}, body?: unknown, headers: Record<string, string> = {}): Promise<Answer> {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      redirect: 'manual',
      headers: {
        // A new connection each time: the tests block the event loop while the CLI runs (spawnSync), and a
        // kept-alive connection the server has closed meanwhile would fail the next request.
        Connection: 'close',
        ...('token' in who ? { Authorization: `Bearer ${who.token}` } : {}),
        ...('session' in who ? { Cookie: `plan_audit_session=${who.session}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text.startsWith('{') || text.startsWith('[') ? JSON.parse(text) : text, headers: response.headers, cookies: response.headers.getSetCookie() };
  }

  /** Sign in through POST /api/session; the session id from the cookie, when it was set. */
  async function signIn(user: string, password: string, headers: Record<string, string> = {}): Promise<Answer & { session?: string }> {
    const answer = await call('POST', '/api/session', {}, { user, password }, headers);
    const cookie = answer.cookies.find((line) => line.startsWith('plan_audit_session='));
    return { ...answer, session: cookie ? /^plan_audit_session=([^;]*)/.exec(cookie)![1] : undefined };
  }

  return { call, signIn };
}
