import {
  componentEntityV1alpha1Validator,
  Entity,
  groupEntityV1alpha1Validator,
  KindValidator,
  locationEntityV1alpha1Validator,
  parseEntityRef,
  resourceEntityV1alpha1Validator,
  stringifyEntityRef,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
} from '@backstage/catalog-model';
import {
  isRunbookEntity,
  isTrainingRecordEntity,
  policyFromConfig,
  roleCoverage,
  RunbookEntity,
  trainingPeopleFromCatalog,
  trainingRecordToInput,
  trainingStatus,
  validateDrEntity,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import {
  DEMO_OWNER_GROUPS,
  generateTenants,
} from './__testUtils__/platformHarness';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const DIR = path.resolve(__dirname, '../../../examples/catalog');
const files = readdirSync(DIR).filter(f => f.endsWith('.yaml'));
const entities: Entity[] = files.flatMap(f =>
  parseAllDocuments(readFileSync(path.join(DIR, f), 'utf8')).map(d => {
    if (d.errors.length) throw new Error(`${f}: ${d.errors[0].message}`);
    return d.toJS() as Entity;
  }),
);
const byRef = new Map(entities.map(e => [stringifyEntityRef(e), e]));
const policy = policyFromConfig();
const validation = {
  scenarioIds: policy.scenarios.map(s => s.id),
  courseIds: policy.training.courses.map(c => c.id),
};
const builtIn: KindValidator[] = [
  componentEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  locationEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  userEntityV1alpha1Validator,
];

describe('examples/catalog', () => {
  it('lists every example file in the all.yaml Location', () => {
    const location = byRef.get('location:default/disaster-recovery-examples');
    expect(
      (location?.spec?.targets as string[])
        .map(t => t.replace('./', ''))
        .sort(),
    ).toEqual(files.filter(f => f !== 'all.yaml').sort());
  });

  const own = entities.filter(e => e.apiVersion.startsWith('dr.platform.io/'));
  const others = entities.filter(e => !own.includes(e));

  it.each(own.map(e => [stringifyEntityRef(e), e] as const))(
    '%s passes the disaster-recovery validator',
    (_ref, entity) => {
      expect(validateDrEntity(entity, validation)).toBe(true);
    },
  );

  it.each(others.map(e => [stringifyEntityRef(e), e] as const))(
    '%s passes exactly one built-in kind validator',
    async (_ref, entity) => {
      const accepted = await Promise.all(builtIn.map(v => v.check(entity)));
      expect(accepted.filter(Boolean)).toHaveLength(1);
    },
  );

  it('has no dangling references', () => {
    const dangling: string[] = [];
    // The demo tenants that examples name are ingested by the tenant provider from the demo
    // registry (the platform harness's tenants).
    const tenants = new Set(
      generateTenants(40).map(t => `resource:default/${t.slug}`),
    );
    const check = (from: Entity, refs: unknown, defaultKind?: string) => {
      for (const ref of [refs ?? []].flat() as string[]) {
        const target = stringifyEntityRef(
          parseEntityRef(ref, { defaultKind, defaultNamespace: 'default' }),
        );
        if (!byRef.has(target) && !tenants.has(target))
          dangling.push(`${stringifyEntityRef(from)} -> ${target}`);
      }
    };
    for (const e of entities) {
      const s = (e.spec ?? {}) as Record<string, any>;
      check(e, s.owner, 'group');
      check(e, s.system, 'system');
      check(e, s.dependsOn);
      check(e, s.memberOf, 'group');
      check(e, s.parent, 'group');
      check(e, s.children, 'group');
      check(e, s.appliesTo);
      check(e, s.dependencyOf);
      check(e, s.alternatives, 'vendor');
      check(e, s.person, 'user');
    }
    // The tenant provider's default dependsOn and the demo tenants' owner groups exist too.
    check(entities[0], 'resource:ecommerce-primary');
    check(entities[0], [...DEMO_OWNER_GROUPS], 'group');
    expect(dangling).toEqual([]);
  });

  it('has a runbook for every scenario of the policy, with the plan corrected', () => {
    const runbooks = entities.filter(isRunbookEntity) as RunbookEntity[];
    for (const scenario of policy.scenarios) {
      expect(runbooks.some(r => r.spec.scenarios.includes(scenario.id))).toBe(
        true,
      );
    }
    for (const runbook of runbooks) {
      const steps = runbook.spec.steps;
      const args = steps.flatMap(s => s.command ?? []);
      // No credentials in connection strings or commands, no gzip of a custom-format dump.
      expect(
        args.filter(a => /:\/\/[^/\s:@]+:[^@\s]+@|password=/i.test(a)),
      ).toEqual([]);
      expect(args.filter(a => /gzip|\.gz$/.test(a))).toEqual([]);
    }
    // A standby is promoted only after a step that fences the old primary.
    const promotesUnfenced = runbooks.filter(r => {
      const promote = r.spec.steps.findIndex(s =>
        (s.command ?? []).some(
          a => /promote/.test(a) && !/target-action/.test(a),
        ),
      );
      return (
        promote >= 0 &&
        !r.spec.steps.slice(0, promote).some(s => /fence/i.test(s.title))
      );
    });
    expect(promotesUnfenced.map(r => r.metadata.name)).toEqual([]);
    expect(
      runbooks.filter(r =>
        r.spec.steps.some(s =>
          (s.command ?? []).some(a => /pg_promote/.test(a)),
        ),
      ),
    ).not.toHaveLength(0);
  });

  it('shows every training state, and role coverage that fails until a renewal (at 2026-11-25)', () => {
    const now = new Date('2026-11-25T12:00:00Z');
    const people = trainingPeopleFromCatalog({
      users: entities.filter(e => e.kind === 'User'),
      groups: entities.filter(e => e.kind === 'Group'),
    });
    const records = entities
      .filter(isTrainingRecordEntity)
      .map(trainingRecordToInput);
    const states = new Set(
      people.flatMap(person =>
        trainingStatus({
          person,
          courses: policy.training.courses,
          records,
          now,
        }).courses.map(c => c.state),
      ),
    );
    expect([...states].sort()).toEqual(['done', 'due', 'expired', 'missing']);

    const coverage = roleCoverage({
      roles: policy.roles,
      people,
      courses: policy.training.courses,
      records,
      now,
    });
    expect(Object.fromEntries(coverage.map(c => [c.role, c.status]))).toEqual({
      'incident-commander': 'pass',
      'technical-lead': 'fail',
      'communications-lead': 'pass',
      'business-lead': 'pass',
      'devops-lead': 'pass',
    });
    // Raj Patel renewed his quarterly training on 30 November: the demo platform (December
    // 2026) has two trained people in every role.
    const december = roleCoverage({
      roles: policy.roles,
      people,
      courses: policy.training.courses,
      records,
      now: new Date('2026-12-03T12:00:00Z'),
    });
    expect(december.filter(c => c.status === 'fail')).toEqual([]);
  });
});
