'use strict';

// Reading an export line by line, and naming an event in a finding.

const fs = require('node:fs');
const readline = require('node:readline');

/** The file cannot be checked at all (exit 2), as opposed to checked and found tampered (exit 1). */
class UnreadableExport extends Error {}

async function* exportLines(file) {
  const lines = readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number += 1;
    if (text.trim() === '') continue;
    let line;
    try {
      line = JSON.parse(text);
    } catch {
      line = { type: 'damaged' };
    }
    yield { number, line: line && typeof line === 'object' ? line : { type: 'damaged' } };
  }
}

function refOf(entry) {
  return { position: entry.index + 1, eventId: entry.eventId, streamId: entry.streamId, streamVersion: entry.streamVersion };
}

function describeRef(e) {
  return `#${e.index + 1} (${e.streamId} v${e.streamVersion}, event ${e.eventId})`;
}

module.exports = { UnreadableExport, exportLines, refOf, describeRef };
