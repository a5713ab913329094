import { JSONSchema } from 'class-validator-jsonschema';
import { LIMITS } from '../../domain/limits';
import { CODE, RAG_SCALE_PRESETS } from '../../domain/rag-scale';

/**
 * `scale` for the API's description: a preset's name or the codes, as the domain's
 * scale check (src/domain/rag-scale.ts) reads them, from its own list of presets and code pattern.
 */
export const RagScaleSchema = () =>
  JSONSchema({
    description: 'A preset by name, or the codes, worst first',
    oneOf: [
      { type: 'string', enum: Object.keys(RAG_SCALE_PRESETS) },
      {
        type: 'object',
        required: ['name', 'codes'],
        properties: {
          name: { type: 'string', minLength: 1 },
          codes: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['code', 'label', 'colour'],
              properties: {
                code: { type: 'string', pattern: CODE.source, maxLength: LIMITS.ratingCode },
                label: { type: 'string', minLength: 1 },
                colour: { type: 'string', minLength: 1, examples: ['#d4351c'] },
                terminal: { type: 'boolean', description: 'The completed status: reached only by sign-off' },
                unrated: { type: 'boolean', description: '"TBC": added but not yet rated' },
                onTrack: { type: 'boolean', description: 'Counts towards "on track or completed"' },
              },
            },
          },
        },
      },
    ],
  });
