#!/usr/bin/env node
/*
 * Checks every workspace package under plugins/ and packages/ for
 *   - imports of packages that its package.json does not declare (used-undeclared), and
 *   - declared dependencies that nothing in the package imports (declared-unused).
 * Runtime code (src/ outside tests, migrations/, config.d.ts) must find its imports in
 * dependencies or peerDependencies; tests and dev files may also use devDependencies.
 * A package that is needed without being imported (a CLI, a type package, a native driver that
 * knex loads by name) is listed in KNOWN_INDIRECT with the reason.
 *
 * Usage: node scripts/check-dependencies.cjs   (exit 1 and a list when something is off)
 */
const fs = require('node:fs');
const path = require('node:path');
const { builtinModules } = require('node:module');

const root = path.resolve(__dirname, '..');

/** Dependencies that are used without an import statement naming them. */
const KNOWN_INDIRECT = {
  '@backstage/cli': 'runs the package scripts (build, test, prepack)',
  '@backstage/repo-tools': 'produces the API reports',
  pg: 'the PostgreSQL driver knex loads by name',
  'better-sqlite3': 'the SQLite driver knex loads by name',
  'node-gyp': 'builds better-sqlite3 against the toolchain Node',
  '@testing-library/dom': 'peer dependency of @testing-library/react',
  '@testing-library/jest-dom': 'jest matchers loaded from setupTests',
  react: 'peer of every React component the package renders',
  'react-dom': 'peer of every React component the package renders',
  'react-router': 'provided by the app to the plugins that peer-depend on it',
  'react-router-dom':
    'provided by the app to the plugins that peer-depend on it',
  'cross-env': 'used by package scripts',
  '@types/react-dom': 'types for react-dom',
  '@playwright/test': 'end-to-end tests under e2e-tests/',
  app: 'the backend serves the built frontend bundle',
};

const SOURCE_EXT = /\.(ts|tsx|js|cjs|mjs)$/;
const DEV_FILE =
  /(\.test\.|\.stories\.|__testUtils__|__mocks__|setupTests\.|\/dev\/|\/e2e-tests\/)/;
const IMPORT_RE =
  /(?:import|export)\s+(type\s+)?(?:[^'";]*?\s+from\s+)?['"]([^'"]+)['"]|(?:require|import|jest\.mock|jest\.requireActual|require\.resolve)\(\s*['"]([^'"]+)['"]/g;

function walk(dir, out = []) {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (SOURCE_EXT.test(entry.name)) out.push(full);
  }
  return out;
}

function packageName(spec) {
  if (spec.startsWith('.') || spec.startsWith('/')) return undefined;
  if (spec.startsWith('node:') || builtinModules.includes(spec.split('/')[0]))
    return undefined;
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function typesPackage(name) {
  const bare = name.startsWith('@') ? name.slice(1).replace('/', '__') : name;
  return `@types/${bare}`;
}

/** A frontend app installs plugins by feature discovery (app.packages: all), without imports. */
function isDiscoverable(name, dir) {
  try {
    const dep = require(require.resolve(`${name}/package.json`, {
      paths: [dir],
    }));
    return /^frontend-plugin(-module)?$/.test(dep.backstage?.role ?? '');
  } catch {
    return false;
  }
}

function checkPackage(dir) {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(dir, 'package.json'), 'utf8'),
  );
  const deps = new Set([
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
  ]);
  const devDeps = new Set(Object.keys(pkg.devDependencies ?? {}));
  const used = new Map(); // name -> 'runtime' | 'dev'
  const problems = [];

  const files = [
    ...walk(path.join(dir, 'src')),
    ...walk(path.join(dir, 'dev')),
    ...walk(path.join(dir, 'migrations')),
    ...walk(path.join(dir, 'e2e-tests')),
    ...walk(path.join(dir, 'bin')),
    ...['config.d.ts'].map(f => path.join(dir, f)).filter(fs.existsSync),
  ];
  for (const file of files) {
    const rel = path.relative(dir, file);
    const isDev = DEV_FILE.test(`/${rel}`);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const name = packageName(m[2] ?? m[3]);
      if (!name || name === pkg.name) continue;
      const isTypeOnly = Boolean(m[1]);
      if (!isDev) used.set(name, 'runtime');
      else if (!used.has(name)) used.set(name, 'dev');
      const declared = isDev
        ? deps.has(name) || devDeps.has(name)
        : deps.has(name);
      // A type-only import from runtime code may be satisfied by a dev dependency when the
      // package is not part of the public types; api-extractor reports catch the rest.
      const typeOk =
        isTypeOnly && (devDeps.has(name) || devDeps.has(typesPackage(name)));
      if (!declared && !typeOk) {
        problems.push(
          `${rel}: imports ${name}, not declared in ${
            isDev ? 'dependencies or devDependencies' : 'dependencies'
          }`,
        );
      }
    }
  }
  for (const name of Object.keys(pkg.dependencies ?? {})) {
    if (used.get(name) === 'dev' && !KNOWN_INDIRECT[name]) {
      problems.push(
        `${name} is only used by tests or dev code: a devDependency`,
      );
    }
  }
  for (const name of [...deps, ...devDeps]) {
    if (used.has(name) || KNOWN_INDIRECT[name]) continue;
    if (pkg.backstage?.role === 'frontend' && isDiscoverable(name, dir))
      continue;
    if (name.startsWith('@types/')) {
      const target = name.slice('@types/'.length).replace('__', '/');
      const targetName = target.includes('/') ? `@${target}` : target;
      if (used.has(targetName)) continue;
    }
    problems.push(`declares ${name} but nothing imports it`);
  }
  return { name: pkg.name, problems: [...new Set(problems)] };
}

const dirs = ['plugins', 'packages'].flatMap(group =>
  fs
    .readdirSync(path.join(root, group))
    .map(d => path.join(root, group, d))
    .filter(d => fs.existsSync(path.join(d, 'package.json'))),
);
let failed = false;
for (const dir of dirs) {
  const { name, problems } = checkPackage(dir);
  if (problems.length === 0) continue;
  failed = true;
  console.log(`${name} (${path.relative(root, dir)})`);
  for (const p of problems) console.log(`  ${p}`);
}
if (failed) process.exit(1);
console.log(`dependencies of ${dirs.length} packages: declared and used`);
