'use strict';

// --compare-with: an export or bundle the inspector kept from before. A log rewritten and
// re-chained with care is consistent in itself, and a server that re-signs it leaves no broken
// signature; but an event that was in the copy you kept, with another hash now, was changed
// after you took that copy. This names each one by its event id.

const fs = require('node:fs');
const { UnreadableExport, exportLines } = require('./export-lines.js');

/** eventId → { hash, streamId, streamVersion, position } from an export (.jsonl) or a proof bundle (.json). */
async function eventsOf(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new UnreadableExport(`--compare-with ${file} cannot be read (${error.message})`);
  }
  const events = new Map();
  const add = (event, position) => {
    if (event && typeof event.eventId === 'string' && typeof event.hash === 'string') events.set(event.eventId, { hash: event.hash, streamId: event.streamId, streamVersion: event.streamVersion, position });
  };
  const first = text.trimStart()[0];
  if (first === '{' && !text.trimStart().startsWith('{"type":"header"')) {
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (parsed && parsed.type === 'proof-bundle' && Array.isArray(parsed.events)) {
      for (const entry of parsed.events) add(entry && entry.event, entry && Number.isSafeInteger(entry.leafIndex) ? entry.leafIndex + 1 : undefined);
      return events;
    }
  }
  let count = 0;
  for await (const { line } of exportLines(file)) {
    if (line.type !== 'event') continue;
    count += 1;
    add(line.event, Number.isSafeInteger(line.leafIndex) ? line.leafIndex + 1 : count);
  }
  if (events.size === 0) throw new UnreadableExport(`--compare-with ${file} holds no events: give an export (.jsonl) or a proof bundle (.json) you kept`);
  return events;
}

/** Findings for every event of the earlier copy that is now different, or gone, in the file checked. */
async function compareWithEarlier(earlierFile, currentFile) {
  const [before, now] = [await eventsOf(earlierFile), await eventsOf(currentFile)];
  const findings = [];
  for (const [eventId, was] of before) {
    const is = now.get(eventId);
    if (!is) {
      // A one-plan export or a bundle holds only some events: only a whole-log file can show one gone.
      continue;
    }
    if (is.hash !== was.hash) {
      findings.push({
        kind: 'rewritten',
        position: is.position,
        eventId,
        streamId: is.streamId,
        streamVersion: is.streamVersion,
        detail: `was ${was.hash} in ${earlierFile}, which you kept, and is ${is.hash} now: the event was changed after that copy was taken (re-hashed and re-chained if nothing else shows it)`,
      });
    }
  }
  return { findings, compared: [...before.keys()].filter((id) => now.has(id)).length };
}

module.exports = { compareWithEarlier };
