import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator';
import { NotFound } from '../domain/errors';
import { PROBLEM_TYPES, ProblemType, problemTypeUri } from './problem-details';

/** What each problem `type` means, at the URI the type names (RFC 9457 §3.1.1: a type should say what it is when looked up). */
@Public()
@ApiTags('problems')
@Controller('api/problems')
export class ProblemsController {
  @Get(':type')
  @ApiOperation({ summary: 'What a kind of problem means: its status, title and what to do' })
  @ApiParam({ name: 'type', schema: { type: 'string', enum: Object.keys(PROBLEM_TYPES) } })
  @ApiOkResponse({
    description: 'OK',
    schema: { type: 'object', required: ['type', 'status', 'title', 'description'], properties: { type: { type: 'string' }, status: { type: 'integer' }, title: { type: 'string' }, description: { type: 'string' } } },
  })
  describe(@Param('type') type: string) {
    if (!Object.prototype.hasOwnProperty.call(PROBLEM_TYPES, type)) throw new NotFound(`There is no problem type "${type}"; the types are ${Object.keys(PROBLEM_TYPES).join(', ')}`);
    const { status, title, description } = PROBLEM_TYPES[type as ProblemType];
    return { type: problemTypeUri(type as ProblemType), status, title, description };
  }
}
