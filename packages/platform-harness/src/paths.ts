import path from 'node:path';

/** Absolute path of a script shipped in this package's `bin/` directory. */
export function binScript(name: string): string {
  const root = path.dirname(
    require.resolve('@internal/platform-harness/package.json'),
  );
  return path.join(root, 'bin', name);
}
