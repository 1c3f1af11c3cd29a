/**
 * An example step's input with its `${{ parameters.x }}` filled in from `parameters`, as the
 * scaffolder would render it from a template's form; an error for a parameter not given.
 */
export function renderExampleInput(
  value: unknown,
  parameters: Record<string, string>,
): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{\{\s*parameters\.(\w+)\s*\}\}/g, (_, name) => {
      if (!(name in parameters)) throw new Error(`No parameter ${name}`);
      return parameters[name];
    });
  }
  if (Array.isArray(value)) {
    return value.map(v => renderExampleInput(v, parameters));
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        renderExampleInput(v, parameters),
      ]),
    );
  }
  return value;
}
