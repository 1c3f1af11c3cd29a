#!/usr/bin/env node
/*
 * The demo's copy of examples/catalog with its dates moved to today. The example files hold
 * absolute dates (runbook reviews, training completions and expiries, vendor contract reviews)
 * written for DATES_WRITTEN_FOR; read months later, every review is overdue and every training
 * expired, and the demo's intended mix (mostly current, one overdue runbook, one due and one
 * missing training) drifts towards fail. The demo therefore loads a copy in which each of those
 * dates is moved by the days between DATES_WRITTEN_FOR and today, so that every date stands to
 * today as it stood to that day. The copy keeps the files' comments and layout; the catalog
 * validates it like any other location. Product logic is untouched: the same entities with
 * other dates.
 *
 * It also writes an app-config file whose `catalog.locations` are those of app-config.yaml with
 * examples/catalog/all.yaml replaced by the copy (given last on the command line, it replaces
 * the list), and prints that file's path.
 *
 * Usage: node scripts/lib/demo-catalog.cjs <out-dir> [--today YYYY-MM-DD]
 */
const fs = require('node:fs');
const path = require('node:path');
const YAML = require('yaml');

/** The day the example dates were written for (see the comments of examples/catalog). */
const DATES_WRITTEN_FOR = '2026-12-03';

/** The date fields of the product's kinds: kind -> spec fields holding a `YYYY-MM-DD` date. */
const DATE_FIELDS = {
  Runbook: ['lastReviewed'],
  TrainingRecord: ['completed', 'expires'],
  Vendor: ['contractReviewDue'],
};

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Milliseconds of a `YYYY-MM-DD` day at 00:00 UTC; throws on anything else. */
function dayMs(value) {
  const ms = DATE.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (!Number.isFinite(ms)) throw new Error(`not a YYYY-MM-DD date: ${value}`);
  return ms;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
function daysBetween(from, to) {
  return Math.round((dayMs(to) - dayMs(from)) / DAY_MS);
}

/** A `YYYY-MM-DD` date moved by `days`. */
function shiftDate(value, days) {
  return new Date(dayMs(value) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The YAML text of a catalog file with the date fields of its entities moved by `days` (comments
 * and layout kept). Throws on a YAML error or a date field that is not a `YYYY-MM-DD` date.
 */
function shiftCatalogText(text, days) {
  const docs = YAML.parseAllDocuments(text);
  let changed = 0;
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(doc.errors[0].message);
    for (const field of DATE_FIELDS[doc.get('kind')] ?? []) {
      const value = doc.getIn(['spec', field]);
      if (value === undefined) continue;
      doc.getIn(['spec', field], true).value = shiftDate(String(value), days);
      changed += 1;
    }
  }
  // a file without dates stays as it is, byte for byte
  if (!changed) return text;
  return docs
    .map(doc => doc.toString({ lineWidth: 0, flowCollectionPadding: false }))
    .join('');
}

/** Writes the shifted copy of every `.yaml` file of `srcDir` into `outDir`. */
function writeShiftedCatalog(srcDir, outDir, days) {
  fs.mkdirSync(outDir, { recursive: true });
  for (const file of fs.readdirSync(srcDir).filter(f => f.endsWith('.yaml'))) {
    const text = fs.readFileSync(path.join(srcDir, file), 'utf8');
    fs.writeFileSync(path.join(outDir, file), shiftCatalogText(text, days));
  }
}

/** Today's date in UTC, `YYYY-MM-DD`. */
function today() {
  return new Date().toISOString().slice(0, 10);
}

function main(argv) {
  const root = path.resolve(__dirname, '../..');
  const outDir = argv[0];
  const todayAt = argv.indexOf('--today');
  const day = todayAt >= 0 ? argv[todayAt + 1] : today();
  if (!outDir || outDir.startsWith('--')) {
    throw new Error('usage: demo-catalog.cjs <out-dir> [--today YYYY-MM-DD]');
  }
  const days = daysBetween(DATES_WRITTEN_FOR, day);
  const catalogDir = path.resolve(outDir, 'catalog');
  writeShiftedCatalog(path.join(root, 'examples/catalog'), catalogDir, days);

  const config = YAML.parse(
    fs.readFileSync(path.join(root, 'app-config.yaml'), 'utf8'),
  );
  let replaced = 0;
  const locations = (config.catalog?.locations ?? []).map(location => {
    if (!/(^|\/)examples\/catalog\/all\.yaml$/.test(location.target ?? '')) {
      return location;
    }
    replaced += 1;
    return { ...location, target: path.join(catalogDir, 'all.yaml') };
  });
  if (replaced !== 1) {
    throw new Error(
      `app-config.yaml lists examples/catalog/all.yaml ${replaced} times in catalog.locations, expected once`,
    );
  }
  const configFile = path.resolve(outDir, 'app-config.catalog.yaml');
  fs.writeFileSync(
    configFile,
    `# Written by scripts/lib/demo-catalog.cjs: the example catalog with its dates moved by ${days} days (${DATES_WRITTEN_FOR} -> ${day}).\n${YAML.stringify(
      { catalog: { locations } },
    )}`,
  );
  process.stderr.write(
    `[demo] example catalog dates moved by ${days} days (written for ${DATES_WRITTEN_FOR}, today ${day})\n`,
  );
  process.stdout.write(`${configFile}\n`);
}

module.exports = {
  DATES_WRITTEN_FOR,
  DATE_FIELDS,
  daysBetween,
  shiftDate,
  shiftCatalogText,
};

if (require.main === module) {
  try {
    main(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`demo-catalog: ${error.message}\n`);
    process.exit(1);
  }
}
