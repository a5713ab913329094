/**
 * Sign-in with the identity provider did not complete, for a reason the person
 * can act on. Nothing was signed in: no session was opened and no cookie set.
 */
export type OidcFailure =
  /** The provider could not be reached, or answered with something other than its OpenID metadata. */
  | 'provider-unreachable'
  /** No sign-in was started in this browser, or it took too long: start again. */
  | 'not-started'
  /** The answer does not belong to the sign-in this browser started (state), or was altered on the way. */
  | 'mismatch'
  /** The person said no at the provider, or the provider would not let them in. */
  | 'denied'
  /** The provider's answer (code, tokens, ID token) did not pass the checks. */
  | 'refused-answer';

export class OidcSignInFailed extends Error {
  constructor(
    readonly failure: OidcFailure,
    message: string,
    /** What went wrong in the protocol's words, for the server log; never shown. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'OidcSignInFailed';
  }

  get status(): number {
    return { 'provider-unreachable': 502, 'not-started': 400, mismatch: 400, denied: 403, 'refused-answer': 502 }[this.failure];
  }
}
