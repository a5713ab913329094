import { RunningServer } from './server-process';

/** Ask `probe` every `everyMs` until it gives a value; fail naming `what` after `timeoutMs`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number, everyMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** `/api/health` of a running server, typed as the suite reads it. */
export const serverHealth = async <H>(server: RunningServer): Promise<H> => (await fetch(`${server.baseUrl}/api/health`)).json() as Promise<H>;

/** A lead's rating of one action of the example plan, through the API. */
export const rateExampleAction = (server: RunningServer, token: string, reference: string, code: string) =>
  fetch(`${server.baseUrl}/api/plans/sunderland-2017/actions/${reference}/ratings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ code, commentary: `Moved to ${code} at the board` }),
  });
