/** The name of the TypeORM connection to auth.sqlite (users, tokens, sessions, the access log, sign-in failures). */
export const AUTH_CONNECTION = 'auth';
