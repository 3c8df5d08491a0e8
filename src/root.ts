import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: the nearest folder above this module that holds kb/catalog.yml (works from src/ and dist/src/). */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'kb', 'catalog.yml'))) return dir;
    dir = dirname(dir);
  }
  throw new Error('iis401: cannot find the kb folder (kb/catalog.yml) above the installed code');
}
