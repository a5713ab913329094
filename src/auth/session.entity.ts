import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A signed-in browser. The cookie holds a random id; only its SHA-256 is kept here.
 * It ends at `expiresAt` (the absolute limit from sign-in) or when unused for the
 * idle limit (`lastSeenAt`), whichever comes first.
 */
@Entity('sessions')
export class Session {
  @PrimaryColumn('text')
  idHash!: string;

  @Index()
  @Column('text')
  userId!: string;

  @Column('text', { default: '' })
  createdAt!: string;

  /** The last request on the session, to within a fraction of the idle limit (see UsersService.callerForSession). */
  @Column('text', { default: '' })
  lastSeenAt!: string;

  @Column('text')
  expiresAt!: string;
}
