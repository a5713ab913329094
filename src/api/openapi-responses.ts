/**
 * What the API answers, as JSON Schema for the OpenAPI document. The read models are TypeScript
 * types with no runtime metadata, so these are written out; test/api/openapi-contract.spec.ts
 * checks every answer the generated client gets against them, so they cannot drift unnoticed.
 * Reads are open to new fields (a client should ignore what it does not know); what is listed
 * as required is always there.
 */
const string = { type: 'string' };
const instant = { type: 'string', format: 'date-time' };
const integer = { type: 'integer' };
const pair = (item: object) => ({ type: 'array', items: item, minItems: 2, maxItems: 2 });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export const RESPONSE_SCHEMAS: Record<string, object> = {
  CommandResult: {
    type: 'object',
    description: 'Where the facts landed. The stream\'s new version is also the ETag of the answer: send it back as If-Match.',
    required: ['streamId', 'version', 'events'],
    properties: {
      streamId: { ...string, examples: ['action-sunderland-2017/3.2'] },
      version: { ...integer, minimum: 0, description: "The stream's version after the append (the ETag)" },
      notes: { type: 'array', items: string, description: 'How the input was read, when not exactly as given (e.g. `"dg " read as DG`)' },
      events: {
        type: 'array',
        items: {
          type: 'object',
          required: ['eventId', 'type', 'globalPosition', 'effectiveAt', 'recordedAt'],
          properties: { eventId: string, type: string, globalPosition: integer, effectiveAt: instant, recordedAt: instant },
        },
      },
    },
  },
  PlanList: {
    type: 'object',
    required: ['plans'],
    properties: {
      plans: { type: 'array', items: string, description: 'Plan ids, as known at knownAt, in order', examples: [['sunderland-2017']] },
      next: { type: 'string', description: 'Present when more plans follow: pass it as `after` for the next page' },
    },
  },
  Actor: { type: 'object', required: ['id', 'role'], properties: { id: string, role: string } },
  RagCode: {
    type: 'object',
    required: ['code', 'label', 'colour'],
    properties: { code: string, label: string, colour: string, terminal: { type: 'boolean' }, unrated: { type: 'boolean' }, onTrack: { type: 'boolean' } },
  },
  PlanState: {
    type: 'object',
    description: 'The plan as effective on asOf, as recorded by knownAt',
    required: ['planId', 'title', 'council', 'scale', 'asOf', 'knownAt', 'priorities', 'actions'],
    properties: {
      planId: string,
      title: string,
      council: string,
      signOffRole: { type: 'string', enum: ['qa', 'board'] },
      ratingMethod: { type: 'string', enum: ['direct', 'criteria'] },
      separationOfDuties: { type: 'boolean' },
      scale: { type: 'object', required: ['name', 'codes'], properties: { name: string, codes: { type: 'array', items: ref('RagCode') } } },
      asOf: instant,
      knownAt: instant,
      priorities: {
        type: 'array',
        items: {
          type: 'object',
          required: ['number', 'title'],
          properties: { number: integer, title: string, outcome: string, section: { ...integer, description: 'The section it is in' }, recommendations: { type: 'array', items: string, description: 'The recommendations it answers, by number' } },
        },
      },
      words: {
        type: 'object',
        description: "What the plan calls its levels (priority and action unless it named them): every report and page uses these",
        required: ['section', 'group', 'item'],
        properties: Object.fromEntries(['section', 'group', 'item'].map((level) => [level, { type: 'object', required: ['singular', 'plural'], properties: { singular: string, plural: string } }])),
      },
      sections: { type: 'array', items: { type: 'object', required: ['number', 'title'], properties: { number: integer, title: string } } },
      recommendations: { type: 'array', description: 'The Ofsted recommendations the plan records', items: { type: 'object', required: ['number', 'text'], properties: { number: string, text: string } } },
      reportingPoints: { type: 'array', items: { type: 'object', required: ['label', 'date'], properties: { label: string, date: string } } },
      actions: {
        type: 'array',
        items: {
          type: 'object',
          required: ['streamId', 'reference', 'priorityNumber', 'title', 'status', 'evidence', 'milestones'],
          properties: {
            streamId: string,
            reference: string,
            priorityNumber: integer,
            title: string,
            status: string,
            displayCode: string,
            seniorOwner: { ...string, description: 'The senior responsible owner (SRO), when the plan names one' },
            recommendations: { type: 'array', items: string, description: 'The recommendations it answers, by number' },
            rating: { type: 'object', required: ['code', 'effectiveAt'], properties: { code: string, effectiveAt: instant, eventId: string } },
            evidence: { type: 'array', items: { type: 'object' } },
            milestones: { type: 'array', items: { type: 'object' } },
          },
        },
      },
    },
  },
  RatingHistory: {
    type: 'object',
    description: "Every change, correction and commentary on one action, oldest first; the answer's ETag is the action stream's version, for If-Match",
    required: ['planId', 'reference', 'asOf', 'knownAt', 'entries'],
    properties: {
      planId: string,
      reference: string,
      asOf: instant,
      knownAt: instant,
      next: { ...integer, description: 'Present when more entries follow: pass it as `after` for the next page' },
      entries: {
        type: 'array',
        items: {
          type: 'object',
          required: ['position', 'eventId', 'type', 'effectiveAt', 'recordedAt', 'actor', 'source', 'summary'],
          properties: {
            position: integer,
            eventId: string,
            type: string,
            effectiveAt: instant,
            recordedAt: instant,
            actor: ref('Actor'),
            source: string,
            reason: string,
            summary: string,
            code: string,
            codeAsTyped: string,
            previousCode: string,
            commentary: string,
            correctsEventId: string,
            evidenceId: string,
            fileHash: string,
          },
        },
      },
    },
  },
  ReportList: {
    type: 'array',
    items: { type: 'object', required: ['name', 'description'], properties: { name: string, description: string } },
  },
  RagSummary: {
    type: 'object',
    description: 'Table 1: RAG counts per priority at two dates (each pair is [first column, second column])',
    required: ['planId', 'codes', 'columns', 'rows', 'totals', 'onTrackOrCompleted'],
    properties: {
      planId: string,
      codes: { type: 'array', items: ref('RagCode') },
      columns: pair({ type: 'object', required: ['label', 'asOf', 'knownAt'], properties: { label: string, asOf: instant, knownAt: instant } }),
      rows: {
        type: 'array',
        items: {
          type: 'object',
          required: ['priority', 'title', 'counts', 'unrated'],
          properties: { priority: integer, title: string, counts: { type: 'object', additionalProperties: pair(integer) }, unrated: pair(integer) },
        },
      },
      totals: { type: 'object', required: ['counts', 'unrated', 'rated'], properties: { counts: { type: 'object', additionalProperties: pair(integer) }, unrated: pair(integer), rated: pair(integer) } },
      onTrackOrCompleted: pair({ type: 'number' }),
    },
  },
  LoggedEvent: {
    type: 'object',
    description: 'An event as stored: hashed, chained to the previous one in its stream',
    required: ['globalPosition', 'streamId', 'streamVersion', 'eventId', 'type', 'schemaVersion', 'data', 'metadata', 'prevHash', 'hash'],
    properties: {
      globalPosition: integer,
      streamId: string,
      streamVersion: { ...integer, minimum: 0 },
      eventId: string,
      type: string,
      schemaVersion: integer,
      data: { type: 'object' },
      metadata: { type: 'object', required: ['actor', 'effectiveAt', 'recordedAt', 'source'], properties: { actor: ref('Actor'), effectiveAt: instant, recordedAt: instant, source: string, reason: string } },
      prevHash: { type: ['string', 'null'] },
      hash: string,
    },
  },
  StreamEvents: {
    type: 'object',
    description: "One stream's events, oldest first; the answer's ETag is the stream's version, for If-Match",
    required: ['streamId', 'events'],
    properties: { streamId: string, events: { type: 'array', items: ref('LoggedEvent') } },
  },
  LogEvents: {
    type: 'object',
    required: ['after', 'events'],
    properties: {
      after: integer,
      events: { type: 'array', items: ref('LoggedEvent') },
      next: { ...integer, description: 'On a full page: pass it as `after` for the next page. Absent at the end of the log (for now).' },
    },
  },
  SignedIn: {
    type: 'object',
    required: ['signedInAs'],
    properties: { signedInAs: { allOf: [ref('Actor')], properties: { plans: { type: 'array', items: string } } } },
  },
  Checkpoint: {
    type: 'object',
    description: 'A signed checkpoint of the log: its Merkle root at a tree size, signed with Ed25519 (src/audit/checkpoint.ts)',
    required: ['treeSize', 'rootHash', 'takenAt', 'keyId', 'signature'],
    properties: {
      treeSize: { ...integer, minimum: 0, description: 'Events under this root' },
      rootHash: { ...string, pattern: '^[0-9a-f]{64}$', description: 'RFC 6962 Merkle Tree Hash, hex' },
      takenAt: { ...instant, description: 'When it was signed' },
      keyId: { ...string, pattern: '^[0-9a-f]{64}$', description: 'Hex SHA-256 of the signing key\'s DER (SPKI) public key' },
      signature: { ...string, description: 'Ed25519 signature, base64' },
      format: { ...string, description: 'Present on a C2SP tlog checkpoint' },
      origin: { ...string, description: "The log's name in a C2SP checkpoint" },
      cosignatures: { type: 'array', items: string, description: "Witnesses' cosignature lines, as they returned them" },
    },
  },
  SignedHead: {
    type: 'object',
    required: ['treeSize', 'rootHash', 'takenAt'],
    properties: { treeSize: { ...integer, minimum: 0 }, rootHash: string, takenAt: instant },
  },
  SigningStatus: {
    type: 'object',
    description: '`refusing` once the log no longer extends the last head signed (the alarm of issue 21)',
    required: ['state', 'headChecked'],
    properties: {
      state: { type: 'string', enum: ['signing', 'refusing'] },
      reason: string,
      since: instant,
      head: ref('SignedHead'),
      headChecked: { type: 'boolean', description: 'This process has re-read the log up to the last signed head and found its root' },
    },
  },
  WitnessStatus: {
    type: 'object',
    description: 'The witnesses configured, how many cosigned the last signed head, and any alarm',
    required: ['configured', 'quorum', 'cosignedHead', 'witnesses', 'alarms'],
    properties: {
      configured: { ...integer, minimum: 0 },
      quorum: { ...integer, minimum: 0 },
      cosignedHead: { ...integer, minimum: 0, description: 'Witnesses whose cosignature is on the last signed head' },
      headSize: { ...integer, minimum: 0 },
      witnesses: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'url', 'cosignedSize'],
          properties: {
            name: string,
            url: string,
            cosignedSize: { ...integer, minimum: 0 },
            lastAnswer: { type: 'object', required: ['at', 'kind', 'treeSize'], properties: { at: instant, kind: string, treeSize: integer, detail: string } },
            alarm: string,
          },
        },
      },
      alarms: { type: 'array', items: string, description: 'The reasons for alarm, in words' },
    },
  },
  PublicKeys: {
    type: 'object',
    description: 'The Ed25519 public keys checkpoints are signed with, PEM',
    required: ['keys'],
    properties: {
      keys: {
        type: 'array',
        minItems: 1,
        items: {
          type: 'object',
          required: ['keyId', 'algorithm', 'pem'],
          properties: {
            keyId: { ...string, pattern: '^[0-9a-f]{64}$', description: "Hex SHA-256 of the key's DER (SPKI): the keyId a checkpoint names" },
            algorithm: { type: 'string', enum: ['Ed25519'] },
            pem: { ...string, pattern: '^-----BEGIN PUBLIC KEY-----', examples: ['-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA…\n-----END PUBLIC KEY-----\n'] },
          },
        },
      },
    },
  },
  Checkpoints: {
    type: 'object',
    description: 'Every signed checkpoint, the last head signed (with its cosignatures; null before the first) and the witnesses',
    required: ['checkpoints', 'head', 'witnesses'],
    properties: {
      checkpoints: { type: 'array', items: ref('Checkpoint') },
      head: { oneOf: [{ type: 'null' }, { allOf: [ref('Checkpoint')], required: ['cosignatures'] }] },
      witnesses: ref('WitnessStatus'),
    },
  },
  Health: {
    type: 'object',
    description: 'Liveness: 200 while the process is alive; `degraded`, with the reason, while signing, a witness, the disk or the read side is in trouble',
    required: ['status', 'eventStore', 'headPosition', 'projection', 'storage', 'timelines', 'signing', 'witnesses'],
    properties: {
      status: { type: 'string', enum: ['ok', 'degraded'] },
      reason: string,
      eventStore: { ...string, examples: ['sqlite'] },
      headPosition: { ...integer, minimum: 0, description: 'globalPosition of the last event recorded' },
      projection: {
        type: 'object',
        required: ['checkpoint', 'behind', 'state', 'lastError', 'restarts', 'checkpointAt'],
        properties: {
          checkpoint: { ...integer, minimum: 0 },
          behind: { ...integer, minimum: 0, description: 'Events recorded but not yet in the read models' },
          state: ref('ProjectorState'),
          lastError: { oneOf: [{ type: 'null' }, { type: 'object', required: ['message', 'at'], properties: { message: string, at: instant, position: integer, eventId: string } }] },
          restarts: { ...integer, minimum: 0 },
          checkpointAt: { type: ['string', 'null'], format: 'date-time' },
        },
      },
      storage: {
        type: 'object',
        required: ['freeBytes', 'totalBytes', 'refusingWrites', 'lastRefusal'],
        properties: {
          freeBytes: { type: ['integer', 'null'] },
          totalBytes: { type: ['integer', 'null'] },
          refusingWrites: { type: 'boolean' },
          lastRefusal: { oneOf: [{ type: 'null' }, { type: 'object', required: ['kind', 'code', 'at'], properties: { kind: string, code: string, at: instant } }] },
        },
      },
      timelines: {
        type: 'object',
        description: "How much of the plans' history is held in memory, and whether loading it at start is done",
        required: ['plans', 'facts', 'preload'],
        properties: { plans: { ...integer, minimum: 0 }, facts: { ...integer, minimum: 0 }, preload: { type: 'string', enum: ['not started', 'loading', 'done'] } },
      },
      signing: ref('SigningStatus'),
      witnesses: ref('WitnessStatus'),
    },
  },
  ProjectorState: { type: 'string', enum: ['following', 'retrying', 'stalled', 'stopped'] },
  Readiness: {
    type: 'object',
    description: 'Ready for traffic: the read models current, writes not refused by the disk, signing not refused (else 503 with the reason and the same fields)',
    required: ['ready', 'signing', 'projection', 'storage'],
    properties: {
      ready: { type: 'boolean' },
      signing: { type: 'object', required: ['state', 'headChecked'], properties: { state: { type: 'string', enum: ['signing', 'refusing'] }, head: ref('SignedHead'), headChecked: { type: 'boolean' } } },
      projection: {
        type: 'object',
        required: ['checkpoint', 'head', 'behind', 'allowed', 'state', 'restarts'],
        properties: {
          checkpoint: { ...integer, minimum: 0 },
          head: { ...integer, minimum: 0 },
          behind: { ...integer, minimum: 0 },
          allowed: { ...integer, minimum: 0, description: 'READY_MAX_LAG: how far behind still counts as current' },
          state: ref('ProjectorState'),
          restarts: { ...integer, minimum: 0 },
        },
      },
      storage: { type: 'object', required: ['freeBytes', 'refusingWrites'], properties: { freeBytes: { type: ['integer', 'null'] }, refusingWrites: { type: 'boolean' } } },
    },
  },
  Verification: {
    type: 'object',
    description: 'A full verification of the log: every event re-hashed, every chain followed, every signed root rebuilt and its signature checked (VerificationReport in src/audit/log-verifier.ts); `lines` are the findings in words',
    required: ['ok', 'eventCount', 'streamCount', 'checkpoints', 'uncoveredEvents', 'findings', 'seconds', 'eventsPerSecond', 'trustedKeys', 'lines'],
    properties: {
      ok: { type: 'boolean', description: 'Nothing found: every check passed' },
      eventCount: { ...integer, minimum: 0 },
      streamCount: { ...integer, minimum: 0 },
      checkpoints: {
        type: 'array',
        items: {
          type: 'object',
          required: ['checkpoint', 'status'],
          properties: {
            checkpoint: ref('Checkpoint'),
            status: { type: 'string', enum: ['verified', 'root-mismatch', 'beyond-log', 'bad-signature', 'unknown-key'] },
            logRoot: { ...string, description: "The log's own root at that size, when it has that many events" },
          },
        },
      },
      uncoveredEvents: { ...integer, minimum: 0, description: 'Events newer than the newest verified checkpoint: hashed and chained, not yet signed' },
      findings: {
        type: 'array',
        items: {
          type: 'object',
          required: ['kind', 'detail'],
          properties: {
            kind: string,
            detail: string,
            position: integer,
            globalPosition: integer,
            eventId: string,
            streamId: string,
            streamVersion: integer,
            treeSize: integer,
            related: { type: 'array', items: { type: 'object' } },
            evidenceId: string,
            fileHash: string,
          },
        },
      },
      evidence: { type: 'object', description: 'The evidence files checked, when verify was given them' },
      knownHead: {
        type: 'object',
        required: ['treeSize', 'rootHash', 'from', 'status'],
        properties: { treeSize: integer, rootHash: string, from: string, status: { type: 'string', enum: ['consistent', 'rolled-back', 'forked', 'truncated'] } },
      },
      seconds: { type: 'number', minimum: 0 },
      eventsPerSecond: { type: 'number', minimum: 0 },
      trustedKeys: { type: 'array', items: { type: 'object', required: ['keyId', 'source'], properties: { keyId: string, source: string } } },
      witnesses: { type: 'object', description: "The witnesses' cosignatures counted on the last signed head, and whether the quorum is met" },
      lines: { type: 'array', items: string, examples: [['ALTERED #12 action-sunderland-2017/1.1 v3 (event 6f1c…): its hash does not match its content']] },
    },
  },
  ActionChange: {
    type: 'object',
    required: ['reference', 'title', 'previous', 'current'],
    properties: { reference: string, ofstedReference: string, title: string, previous: { ...string, description: 'Its rating at the first date (as displayed)' }, current: { ...string, description: 'Its rating at the second date' } },
  },
  PreviousVsCurrent: {
    type: 'object',
    description: 'The previous-vs-current report: per priority, the actions whose rating changed between the two dates, and those rated red or amber at the second',
    required: ['planId', 'columns', 'priorities'],
    properties: {
      planId: string,
      columns: pair({ type: 'object', required: ['label', 'asOf', 'knownAt'], properties: { label: string, asOf: instant, knownAt: instant } }),
      priorities: {
        type: 'array',
        items: {
          type: 'object',
          required: ['priority', 'title', 'changed', 'redOrAmber'],
          properties: { priority: integer, title: string, changed: { type: 'array', items: ref('ActionChange') }, redOrAmber: { type: 'array', items: ref('ActionChange') } },
        },
      },
    },
  },
  CompletionRegister: {
    type: 'object',
    description: 'The completion-register report: actions signed off here on accepted evidence, and apart from them, those a plan file reported completed',
    required: ['planId', 'asOf', 'knownAt', 'signedOff', 'imported'],
    properties: {
      planId: string,
      asOf: instant,
      knownAt: instant,
      signedOff: {
        type: 'array',
        description: "Signed off here, with the accepted evidence (CompletedAction in src/projections/completion-register): its items are not described yet, as the example plan the contract test reads has none to check them against",
        items: { type: 'object' },
      },
      imported: {
        type: 'array',
        items: {
          type: 'object',
          required: ['reference', 'priority', 'title', 'completedAt', 'summary', 'imported', 'importedBy', 'recordedAt', 'eventId'],
          properties: {
            reference: string,
            priority: integer,
            title: string,
            completedAt: { ...string, description: 'The date the file reports it completed on' },
            summary: { ...string, examples: ['completed — from plan.csv, reported 28 Feb 2017'] },
            imported: { type: 'object', required: ['file', 'sha256', 'reportedOn'], properties: { file: string, sha256: { ...string, pattern: '^[0-9a-f]{64}$' }, reportedOn: string, reportedBy: string } },
            importedBy: ref('Actor'),
            recordedAt: instant,
            eventId: string,
          },
        },
      },
    },
  },
  User: {
    type: 'object',
    description: 'An account: its role, the plans it is limited to (null: all), whether disabled, its open sessions (UserView in src/auth/accounts.service.ts)',
    required: ['id', 'displayName', 'role', 'plans', 'createdAt', 'disabledAt', 'hasPassword', 'sessions'],
    properties: {
      id: { ...string, examples: ['lee.lead'] },
      displayName: string,
      role: { ...string, examples: ['lead'] },
      plans: { type: ['array', 'null'], items: string, description: 'The plans this user may see; null for all' },
      createdAt: string,
      disabledAt: { type: ['string', 'null'] },
      hasPassword: { type: 'boolean' },
      sessions: { ...integer, minimum: 0, description: 'Browser sessions open now' },
    },
  },
  UserList: { type: 'object', required: ['users'], properties: { users: { type: 'array', items: ref('User') } } },
  Token: {
    type: 'object',
    description: 'An API token as listed: never the token itself, which is shown once when issued (TokenView)',
    required: ['id', 'userId', 'name', 'createdAt', 'lastUsedAt', 'revokedAt'],
    properties: {
      id: { ...integer, minimum: 1, description: 'Its number, for DELETE /api/tokens/{tokenId}' },
      userId: string,
      name: { ...string, examples: ['api'] },
      createdAt: string,
      lastUsedAt: { type: ['string', 'null'] },
      revokedAt: { type: ['string', 'null'] },
    },
  },
  TokenList: { type: 'object', required: ['tokens'], properties: { tokens: { type: 'array', items: ref('Token') } } },
  IssuedToken: {
    description: 'A new token, shown this once: send it as `Authorization: Bearer <token>`',
    allOf: [ref('Token')],
    required: ['token', 'note'],
    properties: { token: string, note: { ...string, examples: ['Copy this token now: it cannot be shown again.'] } },
  },
};
