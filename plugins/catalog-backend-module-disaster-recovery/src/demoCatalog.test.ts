import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  isRunbookEntity,
  isTrainingRecordEntity,
  policyFromConfig,
  roleCoverage,
  RunbookEntity,
  runbookReviewDueAt,
  trainingPeopleFromCatalog,
  trainingRecordToInput,
  trainingStatus,
  validateDrEntity,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

/**
 * The demo's copy of examples/catalog with its dates moved to today: a script of the repository
 * (scripts/lib/demo-catalog.cjs, no package), read by path like the example files below.
 */
const SCRIPT = path.resolve(__dirname, '../../../scripts/lib/demo-catalog.cjs');
const demoCatalog: {
  DATES_WRITTEN_FOR: string;
  DATE_FIELDS: Record<string, string[]>;
  daysBetween(from: string, to: string): number;
  shiftCatalogText(text: string, days: number): string;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
} = require(SCRIPT);

const DIR = path.resolve(__dirname, '../../../examples/catalog');
const DAY = 86_400_000;
const files = readdirSync(DIR).filter(f => f.endsWith('.yaml'));
const texts = files.map(f => readFileSync(path.join(DIR, f), 'utf8'));
const policy = policyFromConfig();

function parse(text: string): Entity[] {
  return parseAllDocuments(text).map(d => {
    if (d.errors.length) throw new Error(d.errors[0].message);
    return d.toJS() as Entity;
  });
}

/** The example catalog as written, and as the demo loads it `days` later. */
const original = texts.flatMap(parse);
const shiftedBy = (days: number) =>
  texts.flatMap(t => parse(demoCatalog.shiftCatalogText(t, days)));

/** Every training state and role coverage of the catalog's people at `now`. */
function trainingStates(entities: Entity[], now: Date) {
  const people = trainingPeopleFromCatalog({
    users: entities.filter(e => e.kind === 'User'),
    groups: entities.filter(e => e.kind === 'Group'),
  });
  const records = entities
    .filter(isTrainingRecordEntity)
    .map(trainingRecordToInput);
  return {
    people: people.map(person =>
      trainingStatus({
        person,
        courses: policy.training.courses,
        records,
        now,
      }).courses.map(c => `${person.ref} ${c.course} ${c.state}`),
    ),
    roles: roleCoverage({
      roles: policy.roles,
      people,
      courses: policy.training.courses,
      records,
      now,
    }).map(c => `${c.role} ${c.status}`),
  };
}

/** Each runbook's review: overdue or not at `now`. */
function reviews(entities: Entity[], now: Date) {
  return (entities.filter(isRunbookEntity) as RunbookEntity[]).map(r => {
    const due = runbookReviewDueAt(r.spec.lastReviewed, r.spec.reviewInterval);
    return `${r.metadata.name} ${
      due === undefined ? 'never' : due < now.getTime()
    }`;
  });
}

describe("the demo's example catalog, dates moved to today", () => {
  const writtenFor = new Date(`${demoCatalog.DATES_WRITTEN_FOR}T12:00:00Z`);

  it('moves exactly the date fields, by the days since the dates were written for', () => {
    expect(
      demoCatalog.daysBetween(demoCatalog.DATES_WRITTEN_FOR, '2027-03-01'),
    ).toBe(88);
    const days = 88;
    const shifted = shiftedBy(days);
    expect(shifted.map(e => stringifyEntityRef(e))).toEqual(
      original.map(e => stringifyEntityRef(e)),
    );
    let moved = 0;
    shifted.forEach((entity, i) => {
      const before = original[i];
      const fields = demoCatalog.DATE_FIELDS[entity.kind] ?? [];
      const spec = { ...(entity.spec as Record<string, unknown>) };
      for (const field of fields) {
        const was = (before.spec as Record<string, string>)[field];
        if (was === undefined) continue;
        expect(Date.parse(spec[field] as string) - Date.parse(was)).toBe(
          days * DAY,
        );
        spec[field] = was;
        moved += 1;
      }
      // nothing else changed
      expect({ ...entity, spec }).toEqual(before);
    });
    // runbook reviews, training completions and expiries, vendor contract reviews
    expect(moved).toBeGreaterThan(40);
  });

  it('has no date outside the fields it moves (a new one would age unnoticed)', () => {
    const dated: string[] = [];
    const walk = (value: unknown, at: string) => {
      if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) {
        dated.push(at);
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) walk(v, `${at}.${k}`);
      }
    };
    for (const e of original) {
      const spec = { ...(e.spec as Record<string, unknown>) };
      for (const field of demoCatalog.DATE_FIELDS[e.kind] ?? []) {
        delete spec[field];
      }
      walk(spec, `${stringifyEntityRef(e)} spec`);
    }
    expect(dated).toEqual([]);
  });

  it.each([0, 17, 88, 400])(
    'moved by %i days, stands to that day as the examples stood to the day they were written for, and stays valid',
    days => {
      const shifted = shiftedBy(days);
      const then = new Date(writtenFor.getTime() + days * DAY);
      expect(trainingStates(shifted, then)).toEqual(
        trainingStates(original, writtenFor),
      );
      expect(reviews(shifted, then)).toEqual(reviews(original, writtenFor));
      // the intended mix: one overdue runbook, every training state present
      expect(
        reviews(shifted, then).filter(r => r.endsWith('true')),
      ).toHaveLength(1);
      const validation = {
        scenarioIds: policy.scenarios.map(s => s.id),
        courseIds: policy.training.courses.map(c => c.id),
      };
      for (const e of shifted.filter(x =>
        x.apiVersion.startsWith('dr.platform.io/'),
      )) {
        expect(validateDrEntity(e, validation)).toBe(true);
      }
    },
  );

  it('left as written, the examples drift: months later the mix is gone', () => {
    const later = new Date(writtenFor.getTime() + 88 * DAY);
    expect(reviews(original, later)).not.toEqual(reviews(original, writtenFor));
  });

  it('refuses a date field that is not a date', () => {
    expect(() =>
      demoCatalog.shiftCatalogText(
        'apiVersion: dr.platform.io/v1alpha1\nkind: Runbook\nmetadata: {name: x}\nspec: {lastReviewed: soon}\n',
        1,
      ),
    ).toThrow('not a YYYY-MM-DD date: soon');
  });
});
