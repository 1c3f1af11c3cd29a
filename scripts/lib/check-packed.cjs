#!/usr/bin/env node
/*
 * Checks packed tarballs the way a registry user would get them: public, Apache-2.0, built entry
 * points inside the tarball, and every dependency resolvable from a registry (no `workspace:`
 * ranges; the set's own packages at the version packed).
 *
 * Usage: node scripts/lib/check-packed.cjs <tarball>...
 */
const { execFileSync } = require('node:child_process');

const packed = process.argv.slice(2).map(tgz => {
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tgz, 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
  const files = execFileSync('tar', ['-tzf', tgz], { encoding: 'utf8' })
    .split('\n')
    .map(f => f.replace(/^package\//, ''));
  return { tgz, manifest, files };
});
const versions = new Map(
  packed.map(p => [p.manifest.name, p.manifest.version]),
);
const problems = [];
for (const { manifest: m, files } of packed) {
  const at = m.name;
  if (m.private) problems.push(`${at}: private`);
  if (m.license !== 'Apache-2.0') problems.push(`${at}: license ${m.license}`);
  if (!m.repository?.url) problems.push(`${at}: no repository`);
  for (const entry of [m.main, m.types, m.module].filter(Boolean)) {
    if (!files.includes(entry.replace(/^\.\//, '')))
      problems.push(`${at}: ${entry} not packed`);
  }
  if (m.exports) {
    for (const [sub, target] of Object.entries(m.exports)) {
      const targets = (
        typeof target === 'string' ? [target] : Object.values(target)
      ).filter(
        t => t.startsWith('./'), // the `backstage` condition names the export's type, not a file
      );
      for (const t of targets) {
        if (!files.includes(t.replace(/^\.\//, '')))
          problems.push(`${at}: export ${sub} -> ${t} not packed`);
      }
    }
  }
  for (const field of ['dependencies', 'peerDependencies']) {
    for (const [dep, range] of Object.entries(m[field] ?? {})) {
      if (/^(workspace|link|file|portal):/.test(range))
        problems.push(`${at}: ${dep}@${range}`);
      if (versions.has(dep) && range !== `^${versions.get(dep)}`) {
        problems.push(
          `${at}: ${dep}@${range}, packed version is ${versions.get(dep)}`,
        );
      }
    }
  }
  if (m.configSchema && !files.includes(m.configSchema))
    problems.push(`${at}: ${m.configSchema} not packed`);
}
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
for (const { manifest: m } of packed) {
  const own = Object.entries(m.dependencies ?? {}).filter(([d]) =>
    versions.has(d),
  );
  console.log(
    `${m.name}@${m.version}${
      own.length
        ? ` -> ${own
            .map(
              ([d, r]) =>
                `${d.replace('@dr-portal/backstage-plugin-', '')}@${r}`,
            )
            .join(', ')}`
        : ''
    }`,
  );
}
