import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Projector, ProjectionLag } from '../projector/projector.service';

/** How far the read models are behind the log. */
export class GetProjectionLag {}

@QueryHandler(GetProjectionLag)
export class GetProjectionLagHandler implements IQueryHandler<GetProjectionLag, ProjectionLag> {
  constructor(private readonly projector: Projector) {}

  execute(): Promise<ProjectionLag> {
    return this.projector.lag();
  }
}
