import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../project-root';
import { RagScale } from '../domain/rag-scale';
import { SignOffRole } from '../domain/roles';
import { ImportPlanRequest } from '../commands';

export const EXAMPLE_FOLDER = join(projectRoot(), 'examples', 'sunderland-2017');

interface ExampleSettings {
  planId: string;
  title: string;
  council: string;
  scale: string | RagScale;
  signOffRole: SignOffRole;
  file: string;
}

/** The Sunderland 2017 plan as an import request, so a new user opens a real plan with history. */
export function sunderlandExample(folder = EXAMPLE_FOLDER): ImportPlanRequest {
  const settings = JSON.parse(readFileSync(join(folder, 'plan.json'), 'utf8')) as ExampleSettings;
  return {
    planId: settings.planId,
    title: settings.title,
    council: settings.council,
    scale: settings.scale,
    signOffRole: settings.signOffRole,
    fileName: settings.file,
    content: readFileSync(join(folder, settings.file)),
  };
}
