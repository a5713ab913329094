import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A person's account at the council's identity provider, linked to one user
 * here. The identity is the issuer and the subject the provider gives (the
 * OpenID Connect rule: `sub` is unique and never reassigned within an issuer),
 * never the e-mail address, which the person or their administrator can change
 * and which a provider need not have verified.
 */
@Entity('external_identities')
@Index(['issuer', 'subject'], { unique: true })
export class ExternalIdentity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('text')
  issuer!: string;

  @Column('text')
  subject!: string;

  @Index()
  @Column('text')
  userId!: string;

  /** As the provider last said it: shown to an administrator deciding a role; never used to find the user. */
  @Column('text', { nullable: true })
  email!: string | null;

  /**
   * The role the group claim gave at the last sign-in, or null. Kept so that a
   * person who leaves the mapped group loses that role at their next sign-in,
   * while a role an administrator gave by hand is left alone.
   */
  @Column('text', { nullable: true })
  roleFromClaim!: string | null;

  @Column('text')
  createdAt!: string;

  @Column('text')
  lastSignInAt!: string;
}
