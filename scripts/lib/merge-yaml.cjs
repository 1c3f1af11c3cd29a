#!/usr/bin/env node
/*
 * Applies an install-guide YAML fragment to a file the way a user does by hand: maps merge key by
 * key, list items are added to the end of the existing list (an item already there is not added
 * twice), and a scalar the fragment sets replaces the file's. Comments of the file are kept.
 *
 * Prints how many lines a user types for it: the items and keys that are new, not the parent keys
 * the file already has.
 *
 * Usage: node scripts/lib/merge-yaml.cjs <target.yaml> <fragment.yaml>
 */
const fs = require('node:fs');
const YAML = require('yaml');

const [target, fragmentPath] = process.argv.slice(2);
const FORMAT = { lineWidth: 0, flowCollectionPadding: false };
if (!target || !fragmentPath) {
  console.error('usage: merge-yaml.cjs <target.yaml> <fragment.yaml>');
  process.exit(2);
}

const doc = YAML.parseDocument(fs.readFileSync(target, 'utf8'));
const fragment = YAML.parseDocument(fs.readFileSync(fragmentPath, 'utf8'));
if (doc.errors.length || fragment.errors.length) {
  throw new Error([...doc.errors, ...fragment.errors].join('\n'));
}

let added = 0;
const linesOf = node =>
  new YAML.Document(node).toString(FORMAT).trimEnd().split('\n').length;

function merge(into, from) {
  if (YAML.isMap(into) && YAML.isMap(from)) {
    for (const pair of from.items) {
      const key = YAML.isScalar(pair.key) ? pair.key.value : pair.key;
      const existing = into.get(key, true);
      if (YAML.isMap(existing) || YAML.isSeq(existing)) {
        merge(existing, pair.value);
      } else {
        into.set(key, pair.value);
        added += linesOf(new YAML.Pair(key, pair.value));
      }
    }
    return;
  }
  if (YAML.isSeq(into) && YAML.isSeq(from)) {
    const seen = new Set(
      into.items.map(i => JSON.stringify(i.toJSON?.() ?? i)),
    );
    for (const item of from.items) {
      if (!seen.has(JSON.stringify(item.toJSON?.() ?? item))) {
        into.items.push(item);
        added += linesOf([item]);
      }
    }
    return;
  }
  throw new Error(
    `cannot merge a ${from?.constructor?.name} into a ${into?.constructor?.name}`,
  );
}

if (doc.contents === null) doc.contents = fragment.contents;
else merge(doc.contents, fragment.contents);
fs.writeFileSync(target, doc.toString(FORMAT));
console.log(`${added} lines added to ${target}`);
