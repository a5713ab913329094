import { Checkpoint, cosignaturesOf, signedText } from '../checkpoint';
import { verifyCosignature } from './cosignature';
import { NoteVerifier } from './signed-note';

export interface QuorumCheck {
  /** Witnesses the verifier trusts whose cosignature on this checkpoint verifies, with the time each states. */
  cosignedBy: { witness: string; timestamp: number }[];
  /** Trusted witnesses whose name and key ID appear but whose cosignature does not verify: a forgery or a replay onto another checkpoint. */
  forged: string[];
  quorum: number;
  met: boolean;
}

/**
 * Counts the cosignatures on a checkpoint from the witnesses the VERIFIER chose,
 * ignoring any others (as c2sp.org/signed-note requires). A cosignature copied from
 * another checkpoint fails here, because it signs that checkpoint's text.
 */
export function checkQuorum(checkpoint: Checkpoint, witnesses: NoteVerifier[], quorum: number): QuorumCheck {
  const text = signedText(checkpoint);
  const cosignedBy: QuorumCheck['cosignedBy'] = [];
  const forged: string[] = [];
  for (const signature of cosignaturesOf(checkpoint)) {
    const witness = witnesses.find((w) => w.matches(signature));
    if (!witness) continue;
    const timestamp = verifyCosignature(text, signature, witness);
    if (timestamp === undefined) forged.push(witness.keyName);
    else if (!cosignedBy.some((c) => c.witness === witness.keyName)) cosignedBy.push({ witness: witness.keyName, timestamp });
  }
  return { cosignedBy, forged, quorum, met: cosignedBy.length >= quorum && forged.length === 0 };
}
