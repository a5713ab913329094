import { Body, Controller, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import { Caller, CallerContext } from '../auth/public.decorator';
import { UserRoles } from '../auth/user-roles.service';
import { ROLES } from '../domain/roles';
import { validatedInput } from '../validation/validated-input';

export class SetRoleInput {
  @IsString()
  @MaxLength(32)
  role!: string;
}

/** An administrator gives a user a role, e.g. a person whose first sign-in with the council's identity provider left them without one. */
@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
export class UserRolesController {
  constructor(private readonly roles: UserRoles) {}

  @Put(':userId/role')
  @ApiOperation({ summary: 'Give a user a role (administrators only); answers with the role before and after' })
  @ApiBody({ schema: { type: 'object', required: ['role'], properties: { role: { type: 'string', enum: [...ROLES] } } } })
  setRole(@Param('userId') userId: string, @Body() body: unknown, @Caller() caller: CallerContext) {
    return this.roles.setRole(caller, userId, validatedInput(SetRoleInput, body).role);
  }
}
