import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { RunningServer, startServer } from '../support/server-process';
import { serverHealth, until as waitUntil } from '../support/server-health';
import { cliToken, runCli } from '../support/run-cli';
import { tempDatabase } from '../support/temp-database';
import { RunningWitness, startWitness, witnessVkey } from '../support/witness-process';

/**
 * Issue 21, item 2, from the server's side: each signed head goes to two witnesses, each a process of its
 * own with its own state folder; their cosignatures are kept with the head; a witness that refuses the
 * log's history, and a quorum not met, are alarms. Real server, real witnesses, real SQLite files.
 */
const ORIGIN = 'audit.council.example/improvement-plans';

interface Health {
  status: string;
  reason?: string;
  headPosition: number;
  signing: { head?: { treeSize: number } };
  witnesses: { cosignedHead: number; quorum: number; alarms: string[]; witnesses: { name: string; cosignedSize: number; alarm?: string }[] };
}

const health = (server: RunningServer) => serverHealth<Health>(server);
const until = <T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000) => waitUntil(what, probe, timeoutMs, 50);

describe('witnesses cosign every signed head; a fork is refused and the server raises the alarm', () => {
  const honest = tempDatabase('witnessed-honest');
  const forked = tempDatabase('witnessed-fork');
  const states = [tempDatabase('witness-one'), tempDatabase('witness-two')];
  const witnesses: RunningWitness[] = [];
  let server: RunningServer | undefined;
  let env: Record<string, string> = {};

  beforeAll(async () => {
    // The log's verifier key, as the council hands it to each witness's operator.
    const printed = runCli(honest.dir, ['public-key'], { LOG_ORIGIN: ORIGIN });
    const logVkey = /Log verifier key \(for a witness's --log\): (\S+)/.exec(printed.stderr)![1];
    const specs: string[] = [];
    for (const [i, state] of states.entries()) {
      const name = `witness-${i + 1}.example/w`;
      const vkey = witnessVkey(state.dir, name);
      const witness = await startWitness(state.dir, name, [logVkey]);
      witnesses.push(witness);
      specs.push(`${vkey}@${witness.url}`);
    }
    env = { SIGN_HEAD_EVERY_MS: '100', LOAD_EXAMPLE: 'true', LOG_ORIGIN: ORIGIN, WITNESSES: specs.join(','), WITNESS_QUORUM: '2' };
  });
  afterAll(async () => {
    await server?.stop();
    for (const w of witnesses) await w.stop();
    for (const folder of [honest, forked, ...states]) folder.remove();
  });

  it('sends each head to both witnesses and keeps their cosignatures with it, readable where checkpoints are listed', async () => {
    const auditor = cliToken(honest.dir, 'auditor.al', 'auditor');
    server = await startServer(honest.dir, env);
    let last: Health | undefined;
    const h = await until('both witnesses to cosign the head of the whole log', async () => {
      const now = (last = await health(server!));
      return now.headPosition > 0 && now.signing.head?.treeSize === now.headPosition && now.witnesses.cosignedHead === 2 ? now : undefined;
    }).catch((error: Error) => {
      throw new Error(`${error.message}; health ${JSON.stringify(last)}; server said: ${server!.output()}`);
    });
    expect(h.status).toBe('ok');
    const listed = (await (await fetch(`${server.baseUrl}/api/audit/checkpoints`, { headers: { authorization: `Bearer ${auditor}` } })).json()) as {
      head: { treeSize: number; origin: string; cosignatures: string[] };
    };
    expect(listed.head).toMatchObject({ treeSize: h.headPosition, origin: ORIGIN });
    expect(listed.head.cosignatures.map((line) => line.split(' ')[1]).sort()).toEqual(['witness-1.example/w', 'witness-2.example/w']);
    await server.stop();
    server = undefined;
  });

  it('a second history signed with the same key (a fork) is refused by both witnesses: 409, then a proof that cannot hold; health is not ready and names the witnesses', async () => {
    // Whoever holds the key starts again on another folder: same key and origin, a history of their own.
    const forkSigner = `${forked.dir}-signer`;
    cpSync(`${honest.dir}-signer`, forkSigner, { recursive: true });
    for (const file of ['signed-head.json', 'signed-leaves.bin', 'witnesses.json']) rmSync(join(forkSigner, file), { force: true });
    server = await startServer(forked.dir, env);
    const alarmed = await until('the witnesses to refuse', async () => {
      const now = await health(server!);
      return now.witnesses.alarms.length >= 2 ? now : undefined;
    });
    expect(alarmed.status).toBe('degraded');
    expect(alarmed.reason).toMatch(/^Witness witness-\d\.example\/w \(http:\/\/[^)]+\) refuses this log: .*(fork|rolled back)/);
    expect(alarmed.witnesses.witnesses.every((w) => w.alarm !== undefined)).toBe(true);
    expect(alarmed.witnesses.cosignedHead).toBe(0);
    expect((await fetch(`${server.baseUrl}/api/health/ready`)).status).toBe(503);
    expect(server.output()).toMatch(/ERROR.*Witness witness-1\.example\/w .* refuses this log/);
    // The witnesses kept the honest head: neither moved to the fork.
    for (const w of witnesses) expect(w.output()).not.toMatch(/cosigned .*forked/);
  });
});
