import { Entity } from '@backstage/catalog-model';
import { DR_API_VERSION } from '../annotations';
import { DR_SCENARIO_IDS } from './constants';
import {
  runbookEntityV1alpha1Validator,
  validateDrEntity,
  vendorEntityV1alpha1Validator,
} from './validators';

const runbook = (): any => ({
  apiVersion: DR_API_VERSION,
  kind: 'Runbook',
  metadata: { name: 'database-corruption' },
  spec: {
    owner: 'group:default/devops-leads',
    scenarios: ['database-corruption'],
    steps: [
      {
        title: 'Fence the old primary',
        command: [
          'pg_ctl',
          'stop',
          '-D',
          '/var/lib/postgresql/data',
          '-m',
          'fast',
        ],
        expectedDuration: '5m',
        role: 'devops-lead',
      },
      { title: 'Promote', expectedDuration: 'PT2M', role: 'technical-lead' },
    ],
    appliesTo: [
      'system:ecommerce-platform',
      'resource:default/ecommerce-primary',
    ],
    lastReviewed: '2026-01-15',
    reviewInterval: 'P1M',
  },
});

const vendor = (): any => ({
  apiVersion: DR_API_VERSION,
  kind: 'Vendor',
  metadata: { name: 'stripe' },
  spec: {
    category: 'payment',
    owner: 'business-leads',
    contacts: [
      {
        role: 'support',
        name: '24/7 Support',
        phone: '+1-855-555-5678',
        email: 'support@stripe.com',
        supportTier: '24/7',
      },
    ],
    sla: { response: '1h', resolution: '4h', availability: 99.99 },
    alternatives: ['paypal'],
    dependencyOf: ['system:ecommerce-platform'],
    contractReviewDue: '2026-06-30',
  },
});

const record = (): any => ({
  apiVersion: DR_API_VERSION,
  kind: 'TrainingRecord',
  metadata: { name: 'john-smith-onboarding' },
  spec: {
    person: 'john.smith',
    course: 'onboarding',
    completed: '2025-03-01',
    expires: '2099-12-31',
    evidence: 'https://lms.example.com/cert/1',
  },
});

/** A string expectation is a prefix of the message (ajv appends its params). */
function asPattern(message: string | RegExp): RegExp {
  return typeof message === 'string'
    ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`)
    : message;
}

function errorOf(entity: unknown, options = {}): string {
  try {
    validateDrEntity(entity, options);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected the entity to be rejected');
}

describe('validateDrEntity', () => {
  it('accepts well-formed entities of the three kinds', async () => {
    expect(validateDrEntity(runbook(), { scenarioIds: DR_SCENARIO_IDS })).toBe(
      true,
    );
    expect(validateDrEntity(vendor())).toBe(true);
    expect(validateDrEntity(record())).toBe(true);
    // a completion that does not expire has no expiry date
    const lasting = record();
    delete lasting.spec.expires;
    expect(validateDrEntity(lasting)).toBe(true);
    await expect(runbookEntityV1alpha1Validator.check(runbook())).resolves.toBe(
      true,
    );
    await expect(vendorEntityV1alpha1Validator.check(runbook())).resolves.toBe(
      false,
    );
  });

  it('does not claim entities of other kinds or apiVersions', () => {
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x' },
      spec: {},
    };
    expect(validateDrEntity(component)).toBe(false);
    expect(
      validateDrEntity({ ...runbook(), apiVersion: 'backstage.io/v1alpha1' }),
    ).toBe(false);
    expect(validateDrEntity({ ...runbook(), kind: 'Playbook' })).toBe(false);
  });

  it.each<[string, (e: any) => void, string | RegExp]>([
    [
      'a step without role',
      e => delete e.spec.steps[1].role,
      "/spec/steps/1 must have required property 'role'",
    ],
    [
      'a step role outside the response roles',
      e => (e.spec.steps[0].role = 'janitor'),
      /^\/spec\/steps\/0\/role must be equal to one of the allowed values/,
    ],
    [
      'a shell-string command',
      e => (e.spec.steps[0].command = 'pg_ctl promote -D /data'),
      '/spec/steps/0/command must be array',
    ],
    [
      'a duration that is not one',
      e => (e.spec.steps[1].expectedDuration = 'soon'),
      /^\/spec\/steps\/1\/expectedDuration must match pattern/,
    ],
    [
      'a zero duration',
      e => (e.spec.steps[1].expectedDuration = '0m'),
      '/spec/steps/1/expectedDuration must be a duration longer than zero - value: "0m"',
    ],
    [
      'no scenarios',
      e => (e.spec.scenarios = []),
      '/spec/scenarios must NOT have fewer than 1 items',
    ],
    [
      'a misspelt scenario',
      e => (e.spec.scenarios = ['database-corruptoin']),
      /^\/spec\/scenarios\/0 must be a scenario id of the policy \(data-center-outage, .*\) - value: "database-corruptoin"$/,
    ],
    [
      'an appliesTo ref without kind',
      e => (e.spec.appliesTo = ['ecommerce-platform']),
      /^\/spec\/appliesTo\/0 must match pattern/,
    ],
    [
      'an impossible review date',
      e => (e.spec.lastReviewed = '2026-02-30'),
      '/spec/lastReviewed must be a real calendar date (YYYY-MM-DD) - value: "2026-02-30"',
    ],
    [
      'a review interval in words',
      e => (e.spec.reviewInterval = 'monthly'),
      /^\/spec\/reviewInterval must match pattern/,
    ],
    [
      'an unknown spec field',
      e => (e.spec.reviewer = 'jane'),
      /^\/spec must NOT have additional properties - additionalProperty: reviewer/,
    ],
    [
      'no owner',
      e => delete e.spec.owner,
      "/spec must have required property 'owner'",
    ],
  ])(
    'rejects a Runbook with %s, naming the field',
    (_what, mutate, message) => {
      const e = runbook();
      mutate(e);
      const error = errorOf(e, { scenarioIds: DR_SCENARIO_IDS });
      expect(error).toMatch(asPattern(message));
    },
  );

  it.each<[string, (e: any) => void, string | RegExp]>([
    [
      'an unknown category',
      e => (e.spec.category = 'telecom'),
      /^\/spec\/category must be equal to one of the allowed values - allowedValues: cloud,payment,email,cdn,other$/,
    ],
    [
      'no SLA resolution',
      e => delete e.spec.sla.resolution,
      "/spec/sla must have required property 'resolution'",
    ],
    [
      'an availability over 100 %',
      e => (e.spec.sla.availability = 199.9),
      /^\/spec\/sla\/availability must be <= 100/,
    ],
    [
      'a contact e-mail without domain',
      e => (e.spec.contacts[0].email = 'support'),
      /^\/spec\/contacts\/0\/email must match pattern/,
    ],
    [
      'no contacts',
      e => (e.spec.contacts = []),
      '/spec/contacts must NOT have fewer than 1 items',
    ],
    [
      'itself as alternative',
      e => (e.spec.alternatives = ['vendor:default/stripe']),
      '/spec/alternatives/0 must not be the vendor itself - value: "vendor:default/stripe"',
    ],
    [
      'a group as alternative',
      e => (e.spec.alternatives = ['group:payments']),
      '/spec/alternatives/0 must refer to a Vendor - value: "group:payments"',
    ],
    [
      'a bad contract date',
      e => (e.spec.contractReviewDue = 'next year'),
      /^\/spec\/contractReviewDue must match pattern/,
    ],
  ])('rejects a Vendor with %s, naming the field', (_what, mutate, message) => {
    const e = vendor();
    mutate(e);
    const error = errorOf(e);
    expect(error).toMatch(asPattern(message));
  });

  it.each<[string, (e: any) => void, string | RegExp]>([
    [
      'expiry before completion',
      e => (e.spec.expires = '2025-02-01'),
      '/spec/expires must not be before /spec/completed - value: "2025-02-01"',
    ],
    [
      'a group as person',
      e => (e.spec.person = 'group:default/devops-leads'),
      '/spec/person must refer to a User - value: "group:default/devops-leads"',
    ],
    [
      'an unknown course',
      e => (e.spec.course = 'fire-drill'),
      '/spec/course must be a course id of the policy (onboarding, annual-simulation) - value: "fire-drill"',
    ],
    [
      'an evidence link that is not a URL',
      e => (e.spec.evidence = 'cert.pdf'),
      /^\/spec\/evidence must match pattern/,
    ],
  ])(
    'rejects a TrainingRecord with %s, naming the field',
    (_what, mutate, message) => {
      const e = record();
      mutate(e);
      const error = errorOf(e, {
        courseIds: ['onboarding', 'annual-simulation'],
      });
      expect(error).toMatch(asPattern(message));
    },
  );
});
