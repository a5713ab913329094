import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How far in the log a projection has folded. Written in the same transaction as the rows it covers. */
@Entity('projection_checkpoints')
export class ProjectionCheckpoint {
  @PrimaryColumn('text')
  projection!: string;

  @Column('integer')
  position!: number;

  @Column('text')
  updatedAt!: string;
}
