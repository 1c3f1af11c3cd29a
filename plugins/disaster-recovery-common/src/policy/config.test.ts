/**
 * @jest-environment node
 */
import { loadConfigSchema } from '@backstage/config-loader';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { drPolicyConfigSchema } from './config';

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  [key: string]: unknown;
};

const UNSUPPORTED = ['anyOf', 'oneOf', 'allOf', '$ref', 'const', 'not'];

/**
 * Flattens a JSON schema into `path → kind` lines, the shape that both declarations must agree on:
 * field names, which are required, types (an integer is a number: `config.d.ts` cannot say
 * integer), enum values, list items and map values. Descriptions and value constraints are left
 * out; a construct this does not know fails the test instead of being skipped.
 */
function shapeOf(schema: JsonSchema, at = 'policy'): string[] {
  const used = UNSUPPORTED.filter(key => key in schema);
  if (used.length) throw new Error(`${at}: unsupported ${used.join(', ')}`);
  if (schema.enum) {
    return [`${at}: one of ${[...schema.enum].map(String).sort().join(' | ')}`];
  }
  const type = schema.type === 'integer' ? 'number' : schema.type;
  if (type === 'array') {
    return [`${at}: list`, ...shapeOf(schema.items ?? {}, `${at}[]`)];
  }
  if (type !== 'object') {
    if (!type) throw new Error(`${at}: no type`);
    return [`${at}: ${type}`];
  }
  const lines = [`${at}: object`];
  const required = new Set(schema.required ?? []);
  for (const [key, value] of Object.entries(schema.properties ?? {})) {
    const field = `${at}.${key}${required.has(key) ? '' : '?'}`;
    lines.push(...shapeOf(value, field));
  }
  if (typeof schema.additionalProperties === 'object') {
    lines.push(...shapeOf(schema.additionalProperties, `${at}.<id>`));
  }
  return lines.sort();
}

/** The JSON schema Backstage builds from `config.d.ts`, the way it does for app-config. */
async function policySchemaFromConfigDts(): Promise<JsonSchema> {
  const packageDir = path.resolve(__dirname, '../..');
  const manifest = JSON.parse(
    await fs.readFile(path.join(packageDir, 'package.json'), 'utf8'),
  );
  // The package's own schema file in a folder of its own, so that the loader does not compile the
  // schemas of every dependency as well.
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'dr-config-schema-'));
  try {
    await fs.copyFile(
      path.join(packageDir, manifest.configSchema),
      path.join(dir, 'config.d.ts'),
    );
    await fs.writeFile(
      path.join(dir, 'package.json'),
      JSON.stringify({
        name: manifest.name,
        version: manifest.version,
        configSchema: 'config.d.ts',
      }),
    );
    const schema = await loadConfigSchema({
      dependencies: [],
      packagePaths: [path.join(dir, 'package.json')],
    });
    // serialize() is typed as plain JSON; its shape is { schemas: [{ packageName, value }] }.
    const { schemas } = schema.serialize() as unknown as {
      schemas: Array<{ packageName: string; value: JsonSchema }>;
    };
    const root = schemas.find(s => s.packageName === manifest.name)!.value;
    return root.properties!.disasterRecovery.properties!.policy;
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

describe('the policy config declarations', () => {
  it('config.d.ts and the zod schema declare the same shape', async () => {
    const fromConfigDts = shapeOf(await policySchemaFromConfigDts());
    const fromZod = shapeOf(
      z.toJSONSchema(drPolicyConfigSchema, { io: 'input' }) as JsonSchema,
    );
    expect(fromConfigDts).toEqual(fromZod);
    // The comparison reaches the leaves of maps and lists.
    expect(fromZod).toContain('policy.tiers?.<id>.rto?: string');
    expect(fromZod).toContain('policy.escalation?[].from: string');
  }, 60_000);
});
