/**
 * An evidence file whose bytes no longer hash to the SHA-256 it is stored (and
 * recorded) under: changed on the server's disk after it was uploaded. It is never
 * served under the old hash. Not a user's mistake: the API answers 409 with the rule
 * `evidence-matches-hash`, and the server logs it as an alarm.
 */
export class EvidenceFileAltered extends Error {
  constructor(
    readonly sha256: string,
    readonly actualSha256: string,
  ) {
    super(
      `The evidence file recorded with SHA-256 ${sha256} has been changed on the server since it was uploaded (its bytes now hash to ${actualSha256}), so it is not served. ` +
        'The administrator has been alerted; plan-audit verify names the evidence items concerned, and the file can be restored from a backup.',
    );
    this.name = 'EvidenceFileAltered';
  }
}
