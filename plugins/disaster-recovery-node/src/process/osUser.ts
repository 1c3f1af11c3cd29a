/** Prefixes argv with `runuser -u <osUser> --` when running as root, so a server's files stay its OS user's (internal to this package). */
export function asServerOsUser(
  osUser: string | undefined,
  argv: string[],
): string[] {
  if (osUser && process.getuid?.() === 0) {
    return ['runuser', '-u', osUser, '--', ...argv];
  }
  return argv;
}
