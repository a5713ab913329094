import { IsDefined } from 'class-validator';
import { RagScale } from '../../domain/rag-scale';
import { DecidedCommand } from '../decided-command';
import { RagScaleSchema } from '../shared/rag-scale-schema';
import { PlanInput } from '../shared/inputs';

/** Replace the plan's RAG scale (relabel, recolour or add codes; existing codes stay). */
export class DefineRagScaleInput extends PlanInput {
  @IsDefined({ message: 'choose a preset (sunderland-5, rag-completed, rag) or give the codes' })
  @RagScaleSchema()
  scale!: string | RagScale;
}

export class DefineRagScaleCommand extends DecidedCommand {}
