import { ApiBodyOptions } from '@nestjs/swagger';
import { validationMetadatasToSchemas } from 'class-validator-jsonschema';
import '../commands';

/**
 * The request bodies documented from the same class-validator rules that check
 * them (class-validator-jsonschema), so /api/docs cannot drift from validation.
 */
export function commandSchemas(): Record<string, object> {
  return validationMetadatasToSchemas({ refPointerPrefix: '#/components/schemas/' }) as Record<string, object>;
}

export function schemaRef(name: string): ApiBodyOptions {
  return { schema: { $ref: `#/components/schemas/${name}` } };
}
