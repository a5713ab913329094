import { httpHarness, HttpHarness } from '../support/http-harness';

type Schema = { $ref?: string; required?: string[]; properties?: Record<string, unknown> };
type Operation = { parameters?: { in: string; name: string }[]; requestBody?: { content?: Record<string, { schema: Schema }> } };

/**
 * A body never asks for what its path gives (issue 25, "Small"): the API takes planId,
 * reference, evidenceId and the rest from the path and refuses them in the body, so the served
 * document must neither require nor list them there. Issue 24's work made it so; this keeps it.
 */
describe('the OpenAPI document: request bodies and their paths', () => {
  let h: HttpHarness;
  beforeAll(async () => {
    h = await httpHarness('openapi-path-fields');
  });
  afterAll(() => h.close());

  it('lists no path parameter among any body\'s fields, required or not, and still requires planId and reference where only the body gives them', async () => {
    const { body: document } = await h.http().get('/api/docs-json').set(h.as('inspector')).expect(200);
    const resolve = (schema: Schema): Schema => (schema.$ref ? document.components.schemas[schema.$ref.split('/').pop()!] : schema);
    const clashes: string[] = [];
    const checked: string[] = [];
    for (const [path, operations] of Object.entries<Record<string, Operation>>(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const fromPath = (operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
        for (const [mediaType, { schema }] of Object.entries(operation.requestBody?.content ?? {})) {
          const fields = resolve(schema);
          checked.push(`${method} ${path}`);
          for (const name of fromPath) {
            if (fields.required?.includes(name) || (fields.properties && name in fields.properties)) clashes.push(`${method.toUpperCase()} ${path} (${mediaType}): ${name}`);
          }
        }
      }
    }
    expect(clashes).toEqual([]);
    // Something was checked: the bodies of the commands on an action, which take planId and reference from the path.
    expect(checked).toEqual(expect.arrayContaining(['post /api/plans/{planId}/actions/{reference}/ratings', 'post /api/plans/{planId}/actions/{reference}/evidence/upload']));
    const schemaOf = (path: string) => resolve(document.paths[path].post.requestBody.content['application/json'].schema);
    expect(schemaOf('/api/plans').required).toContain('planId');
    expect(schemaOf('/api/plans/{planId}/actions').required).toContain('reference');
  });
});
