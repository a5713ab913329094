import { CanActivate, ExecutionContext, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { IS_PUBLIC } from '../auth/public.decorator';
import { Projector } from '../projections/projector/projector.service';

/**
 * How long a read waits for this server's read models to reach the log's head. Another server's
 * write reaches them in milliseconds (PostgreSQL's notification, then one batch); a projector that
 * takes longer is behind for a reason /api/health/ready names, and the reader is told so.
 */
const READ_AFTER_WRITES_MS = 2000;

/** A read this server could not bring up to the writes acknowledged before it: 503, and when to try again. */
export class ReadModelsBehind extends ServiceUnavailableException {
  readonly retryAfterSeconds = 1;
  constructor(head: number, checkpoint: number) {
    super(
      `This server's read models hold the log up to position ${checkpoint}, not yet ${head}, where writes acknowledged by any server reach; ` +
        `nothing is lost, but an answer now could leave out a write already made. Try again shortly; /api/health/ready says why this server is behind.`,
    );
  }
}

/** The shared log could not be asked for its head (PostgreSQL unreachable): 503, and when to try again. */
export class LogHeadUnknown extends ServiceUnavailableException {
  readonly retryAfterSeconds = 1;
  constructor(cause: unknown) {
    super(`The event log could not be reached to find its latest position (${cause instanceof Error ? cause.message : String(cause)}), so this read cannot be promised to include every write already made. Try again shortly.`);
  }
}

/**
 * Read-your-writes behind a round-robin proxy: a write acknowledged by server A, then a read on B.
 * Before a signed-in read (GET or HEAD of any route not @Public(): the API's reads and the web pages)
 * is answered, this server's read models must hold everything the shared log held when the read began
 * (`Projector.heldEverythingLogged`: one look at the log's head, then the projector's own wake-ups).
 * On SQLite, one server's own log, it asks nothing and waits for nothing: a write already waited for
 * its read models before answering. A guard, not an interceptor: see issue-command.ts on their cost.
 */
@Injectable()
export class ReadsAfterOtherServersWritesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly projector: Projector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const { method } = context.switchToHttp().getRequest<{ method: string }>();
    if (method !== 'GET' && method !== 'HEAD') return true;
    // Health, metrics, sign-in, the docs and the landing page show nothing of the plans, and health must answer while behind.
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    let answer: Awaited<ReturnType<Projector['heldEverythingLogged']>>;
    try {
      answer = await this.projector.heldEverythingLogged(READ_AFTER_WRITES_MS);
    } catch (error) {
      // Without the head, no answer can be promised to hold the writes already acknowledged: say so, not 500.
      throw new LogHeadUnknown(error);
    }
    const { reached, head, checkpoint } = answer;
    if (!reached) throw new ReadModelsBehind(head, checkpoint);
    return true;
  }
}
