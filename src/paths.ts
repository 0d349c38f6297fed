// Finds files shipped beside the code (schema/, drizzle/, playground/) from both src/ under tsx and
// dist/src/ once compiled, by walking up from this module to the folder that holds the marker.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function projectPath(folder: string, marker: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, folder, marker))) return join(dir, folder);
    dir = dirname(dir);
  }
  throw new Error(`${folder}/ folder not found`);
}
