import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A sign-in sent to the identity provider and not yet back. The browser holds
 * a random id in a short-lived httpOnly cookie; only its SHA-256 is kept, with
 * the values the answer must match (state, nonce) and the PKCE verifier, which
 * never leaves this server. Used once: removed when the answer comes back.
 */
@Entity('oidc_sign_in_attempts')
export class OidcSignInAttempt {
  @PrimaryColumn('text')
  idHash!: string;

  @Column('text')
  state!: string;

  @Column('text')
  nonce!: string;

  @Column('text')
  codeVerifier!: string;

  /** The page on this site to go to afterwards. */
  @Column('text')
  next!: string;

  @Column('text')
  expiresAt!: string;
}
