/** Entity refs typed into a form: separated by commas, spaces or new lines; empty ones dropped. */
export function splitRefs(value: string): string[] {
  return value
    .split(/[\s,]+/)
    .map(s => s.trim())
    .filter(Boolean);
}
