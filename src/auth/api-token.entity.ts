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
}
