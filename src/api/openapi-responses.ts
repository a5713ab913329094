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
      priorities: { type: 'array', items: { type: 'object', required: ['number', 'title'], properties: { number: integer, title: string, outcome: string } } },
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
};
