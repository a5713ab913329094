'use strict';

// The verifier's memory: per log, the last checkpoint it trusted. The next one must be that
// one again or prove it extends it; a smaller one is a rollback, a different one a fork.

const fs = require('node:fs');
const path = require('node:path');
const { UnreadableExport } = require('./export-lines.js');
const { verifyConsistency, hexList } = require('./merkle.js');
const { TLOG_CHECKPOINT_FORMAT } = require('./signatures.js');

/** A C2SP checkpoint's log is its origin; an old-format one's, its signing key. */
function logName(c) {
  return c.format === TLOG_CHECKPOINT_FORMAT ? c.origin : `v1 log signed by ${c.keyId}`;
}

function readState(file) {
  if (!fs.existsSync(file)) return { file, logs: {} };
  let state;
  try {
    state = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UnreadableExport(`--state ${file} cannot be read as JSON (${error.message}): restore it from your copy; a verifier that forgets what it trusted cannot see a rollback`);
  }
  if (!state || typeof state.logs !== 'object' || state.logs === null) throw new UnreadableExport(`--state ${file} is not a verifier state file`);
  return { file, logs: state.logs };
}

/**
 * The findings of comparing `checkpoint` (already trusted) with the one remembered for its log.
 * `consistency` is the file's proof from an earlier size, if any: { fromSize, proof }.
 */
function compareWithState(state, checkpoint, consistency) {
  const held = state.logs[logName(checkpoint)];
  if (!held) return { findings: [], held };
  const since = `the checkpoint of ${held.treeSize} events (root ${held.rootHash}) you trusted on ${held.trustedAt}`;
  if (checkpoint.treeSize === held.treeSize) {
    if (checkpoint.rootHash === held.rootHash) return { findings: [], held };
    return { held, findings: [{ kind: 'fork', treeSize: checkpoint.treeSize, detail: `this checkpoint of ${checkpoint.treeSize} events has root ${checkpoint.rootHash}, but ${since} has the same size and another root: the log was forked` }] };
  }
  if (checkpoint.treeSize < held.treeSize) {
    return { held, findings: [{ kind: 'rolled-back', treeSize: checkpoint.treeSize, detail: `this checkpoint covers ${checkpoint.treeSize} events, fewer than ${since}: the log was rolled back, or you are checking an older file than the last one` }] };
  }
  if (!consistency || consistency.fromSize !== held.treeSize) {
    return {
      held,
      findings: [
        {
          kind: 'unlinked',
          treeSize: checkpoint.treeSize,
          detail: `nothing in this file proves that the log of ${checkpoint.treeSize} events extends ${since}: download it again with ?from=${held.treeSize} (plan-audit bundle --from-size ${held.treeSize}), which adds that consistency proof`,
        },
      ],
    };
  }
  const proof = hexList(consistency.proof);
  if (!proof || !verifyConsistency(held.treeSize, checkpoint.treeSize, Buffer.from(held.rootHash, 'hex'), Buffer.from(String(checkpoint.rootHash), 'hex'), proof)) {
    return { held, findings: [{ kind: 'fork', treeSize: checkpoint.treeSize, detail: `the consistency proof does not show that the log of ${checkpoint.treeSize} events extends ${since}: the log was forked or rewritten` }] };
  }
  return { held, findings: [], extended: true };
}

/** Written only after a file verified; to a temporary file first, so a crash never leaves half a state. */
function rememberCheckpoint(state, checkpoint) {
  state.logs[logName(checkpoint)] = { treeSize: checkpoint.treeSize, rootHash: checkpoint.rootHash, keyId: checkpoint.keyId, trustedAt: new Date().toISOString() };
  const temporary = path.join(path.dirname(path.resolve(state.file)), `.${path.basename(state.file)}.${process.pid}.tmp`);
  fs.writeFileSync(temporary, `${JSON.stringify({ format: 'plan-audit-verifier-state/1', logs: state.logs }, null, 2)}\n`);
  fs.renameSync(temporary, state.file);
}

module.exports = { readState, compareWithState, rememberCheckpoint, logName };
