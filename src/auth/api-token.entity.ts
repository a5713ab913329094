import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A bearer token for a system. Only its SHA-256 is kept: the token itself is shown once, when created. */
@Entity('api_tokens')
export class ApiToken {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('text')
  userId!: string;

  @Column('text')
  name!: string;

  @Index({ unique: true })
  @Column('text')
  tokenHash!: string;

  @Column('text')
  createdAt!: string;

  @Column('text', { nullable: true })
  revokedAt!: string | null;

  /** When the token was last used, to the minute: written at most once a minute, so a busy system does not write on every request. */
  @Column('text', { nullable: true })
  lastUsedAt!: string | null;
}
