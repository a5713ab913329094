import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A person or system that may use the plan, with one role. */
@Entity('users')
export class User {
  /** The id recorded as the actor on every event they cause, e.g. "qa.sam". */
  @PrimaryColumn('text')
  id!: string;

  @Column('text')
  displayName!: string;

  @Column('text')
  role!: string;

  /** scrypt hash, or null for a system user that only signs in with tokens. */
  @Column('text', { nullable: true })
  passwordHash!: string | null;

  @Column('text')
  createdAt!: string;

  /** When an administrator disabled the account; null while it may be used. Checked on every request. */
  @Column('text', { nullable: true })
  disabledAt!: string | null;

  /** Comma-separated plan ids this user may change; null for every plan. */
  @Column('text', { nullable: true })
  plans!: string | null;
}
