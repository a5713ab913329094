import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res, UnauthorizedException, UseGuards } from '@nestjs/common';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { IsString, MaxLength } from 'class-validator';
import { Request, Response } from 'express';
import { ActorRef } from '../domain/roles';
import { validatedInput } from '../validation/validated-input';
import { SESSION_COOKIE } from './auth.guard';
import { Caller, Public } from './public.decorator';
import { UsersService } from './users.service';
import { LIMITS } from '../domain/limits';

export class SignInInput {
  @IsString()
  @MaxLength(LIMITS.userId)
  user!: string;

  @IsString()
  @MaxLength(LIMITS.password)
  password!: string;
}

/** Sign in with a password for a session cookie; rate-limited, so guessing passwords is slow. */
@Controller('api/session')
export class SessionController {
  constructor(private readonly users: UsersService) {}

  @Public()
  @Post()
  @HttpCode(200)
  @UseGuards(ThrottlerGuard)
  @Throttle({ default: { limit: 10, ttl: 60_000 } })
  async signIn(@Body() body: unknown, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const input = validatedInput(SignInInput, body);
    const session = await this.users.signIn(input.user, input.password);
    if (!session) throw new UnauthorizedException('That user name and password do not match');
    response.cookie(SESSION_COOKIE, session.sessionId, { httpOnly: true, sameSite: 'lax', secure: request.secure, path: '/', maxAge: 8 * 3_600_000 });
    return { signedInAs: session.caller };
  }

  @Get()
  whoAmI(@Caller() caller: ActorRef) {
    return { signedInAs: caller };
  }

  @Delete()
  @HttpCode(204)
  async signOut(@Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const session = (request.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (session) await this.users.signOut(session);
    response.clearCookie(SESSION_COOKIE, { path: '/' });
  }
}
