import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A signed-in browser. The cookie holds a random id; only its SHA-256 is kept here. */
@Entity('sessions')
export class Session {
  @PrimaryColumn('text')
  idHash!: string;

  @Column('text')
  userId!: string;

  @Column('text')
  expiresAt!: string;
}
