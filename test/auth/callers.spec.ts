import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { AccessLog } from '../../src/auth/access-log';
import { ApiToken } from '../../src/auth/api-token.entity';
import { Session } from '../../src/auth/session.entity';
import { SqliteAuthDatabase } from '../../src/auth/sqlite-auth-database';
import { User } from '../../src/auth/user.entity';
import { UsersService } from '../../src/auth/users.service';
import { tempDatabase } from '../support/temp-database';

/** Who a token or a session stands for, read from a real auth file: revoked tokens and expired sessions stand for no one. */
describe('callers from tokens and sessions', () => {
  const temp = tempDatabase('callers');
  let db: DataSource;
  let users: UsersService;

  beforeAll(async () => {
    db = new DataSource({ type: 'better-sqlite3', database: join(temp.dir, 'auth.sqlite'), entities: [User, ApiToken, Session], synchronize: true });
    await db.initialize();
    users = new UsersService(db, new AccessLog(new SqliteAuthDatabase(db)), { sessionIdleMinutes: 30, sessionMaxHours: 8 });
    await users.createUser('qa.sam', 'qa', 'Sam (QA)', 'a long enough password');
    await users.createUser('lead.jo', 'lead', 'Jo', undefined, ['sunderland-2017']);
  });
  afterAll(async () => {
    await db.destroy();
    temp.remove();
  });

  it('knows the user behind a live token, with the plans they may change', async () => {
    const token = await users.createToken('lead.jo', 'ci');
    expect(await users.callerForToken(token)).toEqual({ id: 'lead.jo', role: 'lead', plans: ['sunderland-2017'] });
    expect(await users.callerForToken(`${token}x`)).toBeUndefined();
  });

  it('refuses a revoked token', async () => {
    const token = await users.createToken('qa.sam', 'old');
    await db.getRepository(ApiToken).update({ name: 'old' }, { revokedAt: new Date().toISOString() });
    expect(await users.callerForToken(token)).toBeUndefined();
  });

  it('knows the user behind a session until it expires', async () => {
    const opened = await users.signIn('qa.sam', 'a long enough password');
    expect(await users.callerForSession(opened!.sessionId)).toEqual({ id: 'qa.sam', role: 'qa' });
    await db.getRepository(Session).update({ userId: 'qa.sam' }, { expiresAt: new Date(Date.now() - 1000).toISOString() });
    expect(await users.callerForSession(opened!.sessionId)).toBeUndefined();
  });
});
