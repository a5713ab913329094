import { Body, Controller, Delete, Get, HttpCode, Post, Put, Req, Res, UnauthorizedException } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';
import type { Request, Response } from 'express';
import { LIMITS } from '../domain/limits';
import { ActorRef } from '../domain/roles';
import { validatedInput } from '../validation/validated-input';
import { AccountsService } from './accounts.service';
import { addressOf, PasswordSignIn } from './password-sign-in';
import { Caller, Public } from './public.decorator';
import { clearSessionCookie, sessionIdOf, setSessionCookie } from './session-cookie';
import { TooManyAttempts } from './too-many-attempts.error';
import { UsersService } from './users.service';

export class SignInInput {
  @IsString()
  @MaxLength(LIMITS.userId)
  user!: string;

  @IsString()
  @MaxLength(LIMITS.password)
  password!: string;
}

export class PasswordChangeInput {
  @IsString()
  @MaxLength(LIMITS.password)
  currentPassword!: string;

  @IsString()
  @MaxLength(LIMITS.password)
  newPassword!: string;
}

/**
 * Sign in with a password for a session cookie, sign out (here or everywhere),
 * change one's own password. Sign-in is limited per account and per address
 * (PasswordSignIn), with the same counts as the web form.
 */
@ApiTags('session')
@Controller('api/session')
export class SessionController {
  constructor(
    private readonly signIns: PasswordSignIn,
    private readonly users: UsersService,
    private readonly accounts: AccountsService,
  ) {}

  @Public()
  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in with a user name and password; 429 with Retry-After after too many failures for the account or from the address' })
  @ApiBody({ schema: { $ref: '#/components/schemas/SignInInput' } })
  @ApiOkResponse({ description: 'Signed in: the session cookie is set', schema: { $ref: '#/components/schemas/SignedIn' } })
  @ApiResponse({ status: 401, description: 'The user name and password do not match, or the account is disabled' })
  @ApiResponse({ status: 429, description: 'Too many failed sign-ins' })
  async signIn(@Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const input = validatedInput(SignInInput, body);
    const outcome = await this.signIns.attempt(input.user, input.password, addressOf(request));
    if (outcome.kind === 'throttled') {
      response.setHeader('Retry-After', String(outcome.retryAfterSeconds));
      throw new TooManyAttempts(outcome.retryAfterSeconds);
    }
    if (outcome.kind === 'disabled') throw new UnauthorizedException('This account is disabled; ask an administrator');
    if (outcome.kind === 'wrong') throw new UnauthorizedException('That user name and password do not match');
    setSessionCookie(request, response, outcome.sessionId, this.users.sessionMaxMs());
    return { signedInAs: outcome.caller };
  }

  @Get()
  @ApiOperation({ summary: 'Who the token or session belongs to, in which role' })
  @ApiOkResponse({ description: 'OK', schema: { $ref: '#/components/schemas/SignedIn' } })
  whoAmI(@Caller() caller: ActorRef) {
    return { signedInAs: caller };
  }

  @Delete()
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: end this browser session' })
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const session = sessionIdOf(request);
    if (session) await this.users.signOut(session);
    clearSessionCookie(response);
  }

  @Delete('everywhere')
  @ApiOperation({ summary: "End every one of the caller's browser sessions, on every device" })
  async signOutEverywhere(@Caller() caller: ActorRef, @Res({ passthrough: true }) response: Response) {
    const sessionsEnded = await this.accounts.signOutEverywhere(caller, caller.id);
    clearSessionCookie(response);
    return { sessionsEnded };
  }

  @Put('password')
  @ApiOperation({ summary: "Change the caller's own password, giving the current one; their other sessions end" })
  @ApiBody({ schema: { $ref: '#/components/schemas/PasswordChangeInput' } })
  async changePassword(@Caller() caller: ActorRef, @Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const input = validatedInput(PasswordChangeInput, body);
    try {
      return await this.accounts.changePassword(caller, input.currentPassword, input.newPassword, addressOf(request), sessionIdOf(request));
    } catch (error) {
      if (error instanceof TooManyAttempts) response.setHeader('Retry-After', String(error.retryAfterSeconds));
      throw error;
    }
  }
}
