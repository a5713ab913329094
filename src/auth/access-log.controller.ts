import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvalidInput } from '../domain/errors';
import { ACCESS_READERS, requireRole } from '../domain/permissions';
import { ActorRef } from '../domain/roles';
import { AccessLog } from './access-log';
import { Caller } from './public.decorator';


/** The access log for administrators and auditors: every change of who may do what, and a check of its hash chain. */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/access-log')
export class AccessLogController {
  constructor(private readonly accessLog: AccessLog) {}

  @Get()
  @ApiOperation({ summary: 'Every change of access, oldest first (or ?user=<id>, ?limit=<n> for the latest n), with hashes to recompute' })
  async entries(@Caller() caller: ActorRef, @Query('user') user?: string, @Query('limit') limit?: string) {
    requireReader(caller);
    if (limit !== undefined && !/^\d{1,6}$/.test(limit)) throw new InvalidInput('limit', `"${limit}" is not a whole number of entries`);
    return { entries: await this.accessLog.entries({ subject: user, limit: limit === undefined ? undefined : Number(limit) }) };
  }

  @Get('verification')
  @ApiOperation({ summary: "Recompute every entry's hash and link; names the first entry that does not match" })
  async verification(@Caller() caller: ActorRef) {
    requireReader(caller);
    const result = await this.accessLog.verify();
    return { intact: result.problem === undefined, ...result };
  }
}

function requireReader(caller: ActorRef): void {
  requireRole(caller, ACCESS_READERS, 'read the access log');
}
