import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';

/** An answer described in src/api/openapi-responses.ts (checked by test/e2e/openapi-contract.spec.ts). */
const answers = (schema: string) => ApiOkResponse({ description: 'OK', schema: { $ref: `#/components/schemas/${schema}` } });
import { InvalidInput } from '../domain/errors';
import { ActorRef } from '../domain/roles';
import { validatedInput } from '../validation/validated-input';
import { NewUserInput, PasswordInput, ReasonInput, RoleInput, TokenNameInput } from './account-inputs';
import { AccountsService } from './accounts.service';
import { Caller } from './public.decorator';

/** An empty body is the same as {}: disable and enable take an optional reason. */
const orEmpty = (body: unknown) => (body === undefined || body === null || (typeof body === 'object' && Object.keys(body).length === 0) ? {} : body);

/**
 * Account control over HTTP. Administrators manage anyone; each user manages
 * their own tokens and sessions (their password: PUT /api/session/password);
 * auditors read. Every change is in the access log (GET /api/access-log).
 */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Get('users')
  @ApiOperation({ summary: 'Every user: role, plans, whether disabled, open sessions (administrators and auditors)' })
  @answers('UserList')
  async list(@Caller() caller: ActorRef) {
    return { users: await this.accounts.listUsers(caller) };
  }

  @Post('users')
  @ApiOperation({ summary: 'Add a user with a role, and optionally a password (administrators)' })
  @ApiBody({ schema: { $ref: '#/components/schemas/NewUserInput' } })
  async add(@Caller() caller: ActorRef, @Body() body: unknown) {
    const input = validatedInput(NewUserInput, body);
    return this.accounts.addUser(caller, input);
  }

  @Get('users/:id')
  @answers('User')
  show(@Caller() caller: ActorRef, @Param('id') id: string) {
    return this.accounts.user(caller, id);
  }

  @Post('users/:id/disable')
  @HttpCode(200)
  @ApiOperation({ summary: "Disable an account: its sessions end and its tokens stop working at the next request (administrators)" })
  @ApiBody({ required: false, schema: { $ref: '#/components/schemas/ReasonInput' } })
  disable(@Caller() caller: ActorRef, @Param('id') id: string, @Body() body: unknown) {
    return this.accounts.disable(caller, id, validatedInput(ReasonInput, orEmpty(body)).reason);
  }

  @Post('users/:id/enable')
  @HttpCode(200)
  @ApiBody({ required: false, schema: { $ref: '#/components/schemas/ReasonInput' } })
  enable(@Caller() caller: ActorRef, @Param('id') id: string, @Body() body: unknown) {
    return this.accounts.enable(caller, id, validatedInput(ReasonInput, orEmpty(body)).reason);
  }

  @Put('users/:id/role')
  @ApiOperation({ summary: "Change a user's role (administrators)" })
  @ApiBody({ schema: { $ref: '#/components/schemas/RoleInput' } })
  giveRole(@Caller() caller: ActorRef, @Param('id') id: string, @Body() body: unknown) {
    return this.accounts.giveRole(caller, id, validatedInput(RoleInput, body).role);
  }

  @Put('users/:id/password')
  @ApiOperation({ summary: "Set or reset a user's password; their sessions end (administrators)" })
  @ApiBody({ schema: { $ref: '#/components/schemas/PasswordInput' } })
  setPassword(@Caller() caller: ActorRef, @Param('id') id: string, @Body() body: unknown) {
    return this.accounts.setPassword(caller, id, validatedInput(PasswordInput, body).password);
  }

  @Delete('users/:id/sessions')
  @ApiOperation({ summary: "End every browser session of a user (the user, or administrators)" })
  async signOutEverywhere(@Caller() caller: ActorRef, @Param('id') id: string) {
    return { sessionsEnded: await this.accounts.signOutEverywhere(caller, id) };
  }

  @Get('users/:id/tokens')
  @ApiOperation({ summary: "A user's API tokens: name, created, last used, revoked (the user, administrators, auditors)" })
  @answers('TokenList')
  async userTokens(@Caller() caller: ActorRef, @Param('id') id: string) {
    return { tokens: await this.accounts.tokens(caller, id) };
  }

  @Post('users/:id/tokens')
  @ApiOperation({ summary: 'A new API token for a user, shown once (the user, or administrators)' })
  @ApiCreatedResponse({ description: 'Issued', schema: { $ref: '#/components/schemas/IssuedToken' } })
  @ApiBody({ required: false, schema: { $ref: '#/components/schemas/TokenNameInput' } })
  async issueFor(@Caller() caller: ActorRef, @Param('id') id: string, @Body() body: unknown) {
    return this.issued(caller, id, validatedInput(TokenNameInput, orEmpty(body)).name);
  }

  @Get('tokens')
  @ApiOperation({ summary: "The caller's own API tokens" })
  @answers('TokenList')
  async ownTokens(@Caller() caller: ActorRef) {
    return { tokens: await this.accounts.tokens(caller, caller.id) };
  }

  @Post('tokens')
  @ApiOperation({ summary: 'A new API token for the caller, shown once' })
  @ApiCreatedResponse({ description: 'Issued', schema: { $ref: '#/components/schemas/IssuedToken' } })
  @ApiBody({ required: false, schema: { $ref: '#/components/schemas/TokenNameInput' } })
  async issueOwn(@Caller() caller: ActorRef, @Body() body: unknown) {
    return this.issued(caller, caller.id, validatedInput(TokenNameInput, orEmpty(body)).name);
  }

  @Delete('tokens/:tokenId')
  @ApiOperation({ summary: 'Revoke a token: the very next request with it is refused (its owner, or administrators)' })
  revoke(@Caller() caller: ActorRef, @Param('tokenId') tokenId: string) {
    if (!/^\d{1,15}$/.test(tokenId)) throw new InvalidInput('tokenId', `"${tokenId}" is not a token number; see GET /api/tokens`);
    return this.accounts.revokeToken(caller, Number(tokenId));
  }

  private async issued(caller: ActorRef, userId: string, name = 'api') {
    return { ...(await this.accounts.issueToken(caller, userId, name)), note: 'Copy this token now: it cannot be shown again.' };
  }
}
