/**
 * Signing on every commit (src/audit/head-signer.ts) is off in the test processes, and in the servers
 * and CLI runs they start (which inherit this environment), unless a test turns it on: the suites
 * written before it count the checkpoints they take by hand. test/audit/signed-head.spec.ts and its
 * server-process tests set SIGN_HEAD_EVERY_MS themselves.
 */
process.env.SIGN_HEAD_EVERY_MS ??= '0';
