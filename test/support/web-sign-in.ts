import request from 'supertest';
import { HttpHarness } from './http-harness';

/** The password every test user is given by the harness. */
export const PASSWORD = 'correct horse battery staple';

/** The CSRF token a page's form carries, as a browser would post it back. */
export const csrfOf = (html: string) => /name="csrfToken" value="([^"]+)"/.exec(html)![1];

export type WebBrowser = ReturnType<typeof request.agent>;

/**
 * Browsers (cookie-keeping agents) signed in through the sign-in form like a person, one per user
 * for the whole suite: sign-in is rate-limited, so signing in again for every test would be refused.
 * `harness` is a getter because suites make theirs in beforeAll.
 */
export function signedInBrowsers(harness: () => HttpHarness): (user: string) => Promise<WebBrowser> {
  const browsers = new Map<string, WebBrowser>();
  return async (user: string) => {
    const known = browsers.get(user);
    if (known) return known;
    const agent = request.agent(harness().app.getHttpServer());
    browsers.set(user, agent);
    const token = csrfOf((await agent.get('/sign-in')).text);
    const response = await agent.post('/sign-in').type('form').send({ csrfToken: token, user, password: PASSWORD, next: '/plans' });
    expect(response.status).toBe(303);
    return agent;
  };
}
