/** Text put in place of a secret. @public */
export const REDACTED = '[REDACTED]';

/**
 * Removes secrets from text that may leave the process (error messages, logs): every given secret
 * of three or more characters, and `password=`/`PGPASSWORD=`/`secret…=` style assignments.
 * @public
 */
export function scrubSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  const sorted = [...new Set(secrets)]
    .filter(s => typeof s === 'string' && s.length >= 3)
    .sort((a, b) => b.length - a.length);
  for (const secret of sorted) {
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) {
      out = out.split(encoded).join(REDACTED);
    }
  }
  return out.replace(
    /\b(password|passwd|pgpassword|secret[a-z_]*|aws_secret_access_key)(\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s,;&]+)/gi,
    (_m, k, sep) => `${k}${sep}${REDACTED}`,
  );
}
