import { INestApplicationContext } from '@nestjs/common';
import { UsersService } from '../auth/users.service';
import { InvalidInput } from '../domain/errors';
import { ActorRef } from '../domain/roles';
import { callerFromEnvironment } from './cli-caller';

/**
 * The proven user for a command that records events straight into this machine's
 * data folder and has no API route (import, restore). With PLAN_AUDIT_SERVER set
 * the user means the server, so writing to a local folder instead would mislead:
 * refused before anything is opened.
 */
export async function localCaller(app: () => Promise<INestApplicationContext>, command: string): Promise<ActorRef> {
  if (process.env.PLAN_AUDIT_SERVER?.trim()) {
    throw new InvalidInput('PLAN_AUDIT_SERVER', `${command} works on the data folder of the machine it runs on and has no API route: run it there, without PLAN_AUDIT_SERVER`);
  }
  return callerFromEnvironment((await app()).get(UsersService));
}
