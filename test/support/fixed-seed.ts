import fc from 'fast-check';

/**
 * Every property test draws from one fixed seed, so a run that passes passes again,
 * and one that fails fails the same way on the next machine. fast-check's failure
 * report names the seed and path to replay it; `FAST_CHECK_SEED=<n>` tries another
 * stretch of inputs (`FAST_CHECK_SEED=random` draws a new seed, printed here).
 */
const chosen = process.env.FAST_CHECK_SEED;
export const FAST_CHECK_SEED = chosen === 'random' ? Math.floor(Math.random() * 2 ** 31) : Number(chosen ?? 19_2017);
if (chosen === 'random') process.stdout.write(`fast-check seed ${FAST_CHECK_SEED}\n`);

fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: FAST_CHECK_SEED });
