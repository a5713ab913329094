import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource, LessThan } from 'typeorm';
import { sha256 } from '../../event-store/hashing';
import { AUTH_CONNECTION } from '../users.service';
import { ExternalIdentities, SignedInPerson } from './external-identities.service';
import { OidcSignInAttempt } from './oidc-sign-in-attempt.entity';
import { OidcSignInFailed } from './oidc-sign-in-failed.error';
import { describe, OidcProviderConnection, ProviderClient } from './oidc-provider-connection';
import { Claims } from './person-claims';

/** How long a person has at the provider (typing a password, a second factor) before the sign-in must start again. */
export const ATTEMPT_MINUTES = 10;

/**
 * Sign-in with the council's identity provider: the authorisation code flow
 * with PKCE, state and nonce, done by openid-client. The person is who the
 * verified ID token says: (issuer, subject), linked to a user by
 * ExternalIdentities. Opening the session is left to the caller, and happens
 * only when everything here has passed.
 */
@Injectable()
export class OidcSignIn {
  private readonly logger = new Logger('Sign-in');

  constructor(
    private readonly connection: OidcProviderConnection,
    private readonly identities: ExternalIdentities,
    @InjectDataSource(AUTH_CONNECTION) private readonly db: DataSource,
  ) {}

  /** The provider's name for the button, or undefined when OIDC is not configured. */
  get providerName(): string | undefined {
    return this.connection.settings?.providerName;
  }

  /** Where to send the browser, and the attempt id for its cookie. */
  async start(next: string): Promise<{ attemptId: string; redirectTo: string }> {
    const { lib, configuration, settings } = await this.connection.client();
    const attemptId = randomBytes(32).toString('base64url');
    const attempt = { idHash: sha256(attemptId), state: lib.randomState(), nonce: lib.randomNonce(), codeVerifier: lib.randomPKCECodeVerifier(), next, expiresAt: new Date(Date.now() + ATTEMPT_MINUTES * 60_000).toISOString() };
    const attempts = this.db.getRepository(OidcSignInAttempt);
    await attempts.delete({ expiresAt: LessThan(new Date().toISOString()) });
    await attempts.insert(attempt);
    const url = lib.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUri.href,
      scope: settings.scopes,
      state: attempt.state,
      nonce: attempt.nonce,
      code_challenge: await lib.calculatePKCECodeChallenge(attempt.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { attemptId, redirectTo: url.href };
  }

  /**
   * The provider's answer at the callback: `query` is the callback's query
   * string as it arrived. The attempt is used up whatever happens.
   */
  async finish(attemptId: string | undefined, query: string): Promise<SignedInPerson & { next: string }> {
    const attempt = attemptId ? await this.takeAttempt(attemptId) : undefined;
    const name = this.providerName ?? 'The identity provider';
    if (!attempt || attempt.expiresAt < new Date().toISOString()) {
      throw new OidcSignInFailed('not-started', `This sign-in was not started in this browser, or took more than ${ATTEMPT_MINUTES} minutes.`);
    }
    const client = await this.connection.client();
    const callback = new URL(client.settings.redirectUri);
    callback.search = query;
    const answer = callback.searchParams;
    if (answer.get('state') !== attempt.state) {
      throw new OidcSignInFailed('mismatch', `The answer from ${name} does not belong to the sign-in started in this browser.`, `state ${JSON.stringify(answer.get('state'))} is not the one sent`);
    }
    const error = answer.get('error');
    if (error === 'access_denied') throw new OidcSignInFailed('denied', `${name} did not sign you in: you chose not to, or your account may not use this service.`, answer.get('error_description') ?? error);
    if (error) throw new OidcSignInFailed('refused-answer', `${name} could not sign you in.`, `${error}: ${answer.get('error_description') ?? ''}`);
    const claims = await this.verifiedClaims(client, callback, attempt);
    const person = await this.identities.signedIn(client.configuration.serverMetadata().issuer, claims);
    return { ...person, next: attempt.next };
  }

  /** Exchange the code (with the PKCE verifier) and check the ID token: signature, issuer, audience, expiry, nonce. */
  private async verifiedClaims({ lib, configuration, settings }: ProviderClient, callback: URL, attempt: OidcSignInAttempt): Promise<Claims> {
    try {
      const tokens = await lib.authorizationCodeGrant(configuration, callback, { pkceCodeVerifier: attempt.codeVerifier, expectedState: attempt.state, expectedNonce: attempt.nonce, idTokenExpected: true });
      const claims = tokens.claims();
      if (!claims) throw new Error('no ID token');
      // Some providers put the profile or the groups only in the userinfo answer, not in the ID token.
      const wanted = ['preferred_username', 'email', 'name', ...(settings.roleClaim ? [settings.roleClaim] : [])];
      if (wanted.some((claim) => claims[claim] === undefined) && configuration.serverMetadata().userinfo_endpoint) {
        const info = await lib.fetchUserInfo(configuration, tokens.access_token, claims.sub);
        return { ...info, ...claims };
      }
      return { ...claims };
    } catch (error) {
      this.logger.warn(`Sign-in with ${settings.issuer.href} refused: ${describe(error)}`);
      const unreachable = error instanceof TypeError || (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'));
      if (unreachable) throw new OidcSignInFailed('provider-unreachable', `${settings.providerName} could not be reached to finish signing you in.`, describe(error));
      throw new OidcSignInFailed('refused-answer', `The answer from ${settings.providerName} did not pass the checks, so you have not been signed in.`, describe(error));
    }
  }

  /**
   * The attempt behind this browser's cookie, removed as it is read: an answer is taken once. Only
   * the caller whose DELETE removed the row has it, so two answers arriving at once (at one server,
   * or at two sharing PostgreSQL) cannot both use it.
   */
  private async takeAttempt(attemptId: string): Promise<OidcSignInAttempt | undefined> {
    const attempts = this.db.getRepository(OidcSignInAttempt);
    const attempt = await attempts.findOneBy({ idHash: sha256(attemptId) });
    if (!attempt) return undefined;
    const removed = await attempts.delete({ idHash: attempt.idHash });
    return removed.affected === 1 ? attempt : undefined;
  }
}
