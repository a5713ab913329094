import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One fact about a plan, with both clocks. A fact holds from `validFrom`
 * (effective time) until a later fact of the same subject, kind and key takes
 * over; it is known from `recordedAt` until `supersededAt` (set only when a
 * correction replaces it). "The plan as at (D, T)" is then, for every
 * (subject, kind, key), the fact with the greatest validKey among those with
 * validFrom <= D, recordedAt <= T and not superseded by T — found in the plan's
 * timeline (PlanTimeline), never by a replay of the log.
 */
@Entity('plan_facts')
// By plan, then position: loading a plan's timeline, and asking whether any of its facts is newer than a checkpoint.
@Index('plan_facts_by_plan_and_position', ['planId', 'position'])
@Index('plan_facts_by_rating_event', ['subject', 'ref'])
export class PlanFact {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('text')
  planId!: string;

  /** The stream the fact came from: the plan's or one action's. */
  @Column('text')
  subject!: string;

  /** plan, scale, priority, priority-field, reporting-point, added, detail, lifecycle, rating, evidence, evidence-review, milestone, milestone-status */
  @Column('text')
  kind!: string;

  @Column('text')
  key!: string;

  /** For ratings: the RatingChanged event the fact belongs to, which a correction names. */
  @Column('text', { nullable: true })
  ref!: string | null;

  @Column('text')
  payload!: string;

  @Column('text')
  validFrom!: string;

  /** validFrom then the position of the original event, zero-padded: "which fact is the latest by D". */
  @Column('text')
  validKey!: string;

  @Column('text')
  recordedAt!: string;

  @Column('text', { nullable: true })
  supersededAt!: string | null;

  /** Global position of the event that produced this fact. */
  @Column('integer')
  position!: number;

  @Column('text')
  eventId!: string;
}
