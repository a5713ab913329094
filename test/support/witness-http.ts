import { encodeAddCheckpoint } from '../../src/audit/transparency/add-checkpoint-request';

export interface WitnessAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** POST <url>/add-checkpoint with a raw body, as any client (or attacker) would send it. */
export async function postRaw(url: string, body: string | Buffer): Promise<WitnessAnswer> {
  const response = await fetch(`${url}/add-checkpoint`, { method: 'POST', body });
  return { status: response.status, contentType: response.headers.get('content-type') ?? '', body: await response.text() };
}

export function submit(url: string, oldSize: number, proof: Buffer[], note: string): Promise<WitnessAnswer> {
  return postRaw(url, encodeAddCheckpoint({ oldSize, proof, checkpoint: note }));
}
