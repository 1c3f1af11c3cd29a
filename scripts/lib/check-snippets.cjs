#!/usr/bin/env node
/*
 * Keeps the install guide and the consumer check in sync: every file under docs/snippets (the
 * lines the consumer check applies to a fresh app) must appear verbatim in a code block of the
 * guide.
 *
 * Usage: node scripts/lib/check-snippets.cjs <guide.md> <snippets dir>
 */
const fs = require('node:fs');
const path = require('node:path');

function snippetFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? snippetFiles(full) : [full];
  });
}

const [guide, dir] = process.argv.slice(2);
const text = fs.readFileSync(guide, 'utf8');
const blocks = [...text.matchAll(/```[^\n]*\n([\s\S]*?)```/g)].map(m => m[1]);
const missing = snippetFiles(dir).filter(file => {
  const snippet = fs.readFileSync(file, 'utf8').trim();
  return !blocks.some(b => b.includes(snippet));
});
if (missing.length > 0) {
  console.error(
    `${guide} does not show these snippets verbatim (the consumer check applies them):\n  ${missing.join(
      '\n  ',
    )}`,
  );
  process.exit(1);
}
console.log(`${guide} shows all ${snippetFiles(dir).length} snippets`);
