/**
 * This program's version, from its package.json: the nearest one above the module at `from`
 * that is this package's. A module sits at another depth under src/, under tsc's dist/ and in
 * the bundle (dist/cli.js), so no fixed relative path serves all three.
 */
import { readFileSync } from 'node:fs';

const NAME = 'daily-report-bot';

export function ownVersion(from: string): string {
  let dir = new URL('.', from);
  for (let up = 0; up < 5; up++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === NAME && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // None here (or unreadable): look further up.
    }
    dir = new URL('..', dir);
  }
  throw new Error(`the package.json of ${NAME} was not found above ${from}`);
}
