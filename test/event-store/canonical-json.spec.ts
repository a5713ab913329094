import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { rehashEvent, unsealedFields } from '../../src/audit/rehash';
import { canonicalForm, canonicalJson, sealedJson, sealedJsonOf, sealedMetadataForm, sealedMetadataJson, sealedMetadataOf } from '../../src/event-store/canonical-json';
import { SealedFields } from '../../src/event-store/envelope';
import { hashEvent, sealedFieldsOf } from '../../src/event-store/hashing';

/** JSON values as the store hands them back: whatever JSON.parse can produce, unicode and awkward numbers included. */
const jsonValue = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const text = fc.string({ unit: 'grapheme', maxLength: 12 });

const envelope = fc.record({
  streamId: text,
  streamVersion: fc.nat(),
  eventId: fc.uuid(),
  type: text,
  schemaVersion: fc.integer({ min: 1, max: 3 }),
  data: jsonValue,
  metadata: fc.record(
    {
      actor: fc.record({ id: text, role: text }),
      effectiveAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      recordedAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      reason: text,
      correlationId: fc.uuid(),
      causationId: fc.uuid(),
      source: fc.constantFrom('api', 'cli', 'import'),
    },
    { requiredKeys: ['actor', 'effectiveAt', 'recordedAt', 'correlationId', 'causationId', 'source'] },
  ),
  prevHash: fc.option(fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')), { nil: null }),
}) as fc.Arbitrary<SealedFields>;

describe('canonical JSON for appends and for verify', () => {
  it('property: gives exactly the bytes and hash of the reference JCS implementation', () => {
    fc.assert(
      fc.property(envelope, (event) => {
        expect(sealedJson(event)).toBe(canonicalize(sealedFieldsOf(event)));
        expect(rehashEvent(event)).toBe(hashEvent(event));
      }),
      { numRuns: 1000 },
    );
  });

  it('property: composed from canonical data and metadata texts (as an append does), the bytes are the same', () => {
    fc.assert(
      fc.property(envelope, (event) => {
        const composed = sealedJsonOf(event, canonicalJson(event.data), sealedMetadataJson(event.metadata));
        expect(composed).toBe(canonicalize(sealedFieldsOf(event)));
        expect(JSON.parse(sealedMetadataJson(event.metadata))).toEqual(JSON.parse(canonicalize(sealedFieldsOf(event).metadata)!));
      }),
      { numRuns: 1000 },
    );
  });

  it('property: canonicalises any JSON value as the reference does', () => {
    fc.assert(fc.property(jsonValue, (value) => expect(canonicalJson(value)).toBe(canonicalize(value))), { numRuns: 1000 });
  });

  it('property: the canonical form of any value is the reference text and what parsing that text gives back', () => {
    // Values as callers hand them to an append: undefined members, Dates, index-like keys and all.
    const callerValue = fc.oneof(
      fc.anything({ maxDepth: 3, withDate: true, withNullPrototype: false, withBoxedValues: false, withMap: false, withSet: false, withTypedArray: false }),
      jsonValue,
    );
    fc.assert(
      fc.property(callerValue, (value) => {
        let reference: string | undefined;
        try {
          reference = canonicalize(value);
        } catch {
          expect(() => canonicalForm(value)).toThrow();
          return;
        }
        const form = canonicalForm(value);
        if (reference === undefined) return expect(form).toBeUndefined();
        expect(form?.json).toBe(reference);
        // The same members in the same order as a later reader parses them.
        expect(JSON.stringify(form?.value)).toBe(JSON.stringify(JSON.parse(reference)));
        expect(form?.value).toStrictEqual(JSON.parse(reference));
      }),
      { numRuns: 2000 },
    );
  });

  it('copies the caller\'s value, so changing it after an append changes nothing sealed', () => {
    const data = { rating: 'A', evidence: [{ name: 'audit.pdf' }], lead: { id: 'jo' } };
    const form = canonicalForm(data)!;
    data.evidence[0].name = 'changed';
    data.lead.id = 'changed';
    expect(form.value).toEqual({ evidence: [{ name: 'audit.pdf' }], lead: { id: 'jo' }, rating: 'A' });
  });

  it('takes the general path for what a one-pass copy would get wrong', () => {
    const cases: unknown[] = [
      { b: 1, '10': 2, '9': 3 }, // index-like keys enumerate first, numerically
      JSON.parse('{"__proto__":{"x":1},"a":2}'),
      { when: new Date('2025-03-31T00:00:00Z'), gone: undefined },
      [undefined, -0, 'x'],
    ];
    for (const value of cases) {
      const form = canonicalForm(value)!;
      expect(form.json).toBe(canonicalize(value));
      expect(form.value).toStrictEqual(JSON.parse(form.json));
    }
    expect(() => canonicalForm({ score: Number.POSITIVE_INFINITY })).toThrow();
  });

  it('property: seals only the metadata fields the hash covers, as the reference would, whatever their types', () => {
    const loose = fc.oneof(text, fc.integer(), fc.constant(undefined), fc.constant(null));
    const metadata = fc.oneof(
      envelope.map((e) => e.metadata),
      fc.record({
        actor: fc.record({ id: loose, role: loose, badge: fc.integer() }),
        effectiveAt: loose,
        recordedAt: loose,
        reason: loose,
        correlationId: loose,
        causationId: loose,
        source: loose,
        note: text,
      }),
    ) as fc.Arbitrary<SealedFields['metadata']>;
    fc.assert(
      fc.property(metadata, fc.date({ noInvalidDate: true }), (m, recorded) => {
        const recordedAt = recorded.toISOString();
        const form = sealedMetadataForm(m, recordedAt);
        expect(form.json).toBe(canonicalize(sealedFieldsOf({ metadata: { ...m, recordedAt } } as SealedFields).metadata));
        expect(form.json).toBe(sealedMetadataJson({ ...m, recordedAt }));
        expect(form.value).toStrictEqual(JSON.parse(form.json));
        expect(canonicalForm(sealedMetadataOf(m, recordedAt))).toStrictEqual(form);
      }),
      { numRuns: 1000 },
    );
  });

  it('sorts keys by UTF-16 code units and writes numbers as ECMAScript does (RFC 8785 §3.2)', () => {
    expect(canonicalJson({ '\u20ac': 1, '\r': 2, '\ufb33': 3, '1': 4, '\u00e9': 5, '\ud83d\ude00': 6 })).toBe('{"\\r":2,"1":4,"\u00e9":5,"\u20ac":1,"\ud83d\ude00":6,"\ufb33":3}');
    expect(canonicalJson([1e21, 1e-7, -0, 0.1, 333333333.3333333])).toBe('[1e+21,1e-7,0,0.1,333333333.3333333]');
    expect(() => canonicalJson(Number.NaN)).toThrow();
  });

  it('names metadata fields the hash does not cover', () => {
    const event = { metadata: { actor: { id: 'a', role: 'lead', badge: 1 }, source: 'cli', note: 'x' } } as unknown as SealedFields;
    expect(unsealedFields(event)).toEqual(['metadata.note', 'metadata.actor.badge']);
  });
});
