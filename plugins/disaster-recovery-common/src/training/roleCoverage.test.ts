import { Entity } from '@backstage/catalog-model';
import { DR_CATALOG_ANNOTATIONS } from '../catalog/constants';
import { trainingPeopleFromCatalog } from './people';
import { roleCoverage } from './roleCoverage';
import { COURSES } from './__testUtils__/planCourses';
import { TrainingRecordInput } from './types';

const now = new Date('2026-03-01T12:00:00Z');

function trained(
  person: string,
  completed = '2026-02-01',
): TrainingRecordInput[] {
  return [
    'onboarding',
    'quarterly-dr-procedures',
    'annual-simulation',
    'cross-functional-drill',
  ].map(course => ({ person, course, completed }));
}

const group = (name: string, role?: string, members?: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: {
    name,
    annotations: role ? { [DR_CATALOG_ANNOTATIONS.responseRole]: role } : {},
  },
  spec: { type: 'team', children: [], ...(members ? { members } : {}) },
});
const user = (name: string, memberOf: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name },
  spec: { memberOf },
});

describe('trainingPeopleFromCatalog', () => {
  it('gives each user the groups they belong to and the response roles of those groups', () => {
    const people = trainingPeopleFromCatalog({
      groups: [
        group('incident-commanders', 'incident-commander'),
        group('technical-leads', 'technical-lead', ['user:default/alex.kim']),
        group('on-call'),
      ],
      users: [
        user('john.smith', ['incident-commanders']),
        user('alex.kim', ['group:default/on-call']),
        user('new.hire', []),
      ],
    });
    expect(people).toEqual([
      {
        ref: 'user:default/john.smith',
        groups: ['group:default/incident-commanders'],
        roles: ['incident-commander'],
      },
      {
        ref: 'user:default/alex.kim',
        groups: ['group:default/on-call', 'group:default/technical-leads'],
        roles: ['technical-lead'],
      },
      { ref: 'user:default/new.hire', groups: [], roles: [] },
    ]);
  });
});

describe('roleCoverage', () => {
  const people = [
    {
      ref: 'user:default/john.smith',
      groups: [],
      roles: ['incident-commander'],
    },
    {
      ref: 'user:default/emily.chen',
      groups: [],
      roles: ['incident-commander'],
    },
    { ref: 'user:default/jane.doe', groups: [], roles: ['technical-lead'] },
    { ref: 'user:default/raj.patel', groups: [], roles: ['technical-lead'] },
  ];

  it('passes a role with a trained primary and backup, fails one whose backup is not current or that nobody holds', () => {
    const result = roleCoverage({
      roles: [
        {
          id: 'incident-commander',
          title: 'Incident Commander',
          minimumTrained: 2,
        },
        'technical-lead',
        'business-lead',
      ],
      people,
      courses: COURSES,
      records: [
        ...trained('john.smith'),
        ...trained('emily.chen', '2026-01-15'),
        ...trained('jane.doe'),
        // Raj's quarterly training is from last summer: expired.
        ...trained('raj.patel').filter(
          r => r.course !== 'quarterly-dr-procedures',
        ),
        {
          person: 'raj.patel',
          course: 'quarterly-dr-procedures',
          completed: '2025-07-01',
        },
      ],
      now,
    });
    expect(
      result.map(r => [r.role, r.status, r.people.map(p => p.ref)]),
    ).toEqual([
      [
        'incident-commander',
        'pass',
        ['user:default/john.smith', 'user:default/emily.chen'],
      ],
      ['technical-lead', 'fail', ['user:default/jane.doe']],
      ['business-lead', 'fail', []],
    ]);
    expect(result[0].people[1].trainingExpiresAt).toBe(
      '2026-04-16T07:30:00.000Z',
    );
    expect(result[1].untrained).toEqual([
      { ref: 'user:default/raj.patel', missing: ['quarterly-dr-procedures'] },
    ]);
    expect(result[1].reason).toBe(
      'only 1 of the 2 people needed hold the role with current training (user:default/jane.doe); not current: user:default/raj.patel (quarterly-dr-procedures)',
    );
    expect(result[2].reason).toBe(
      'only 0 of the 2 people needed hold the role with current training (nobody)',
    );
  });

  it('uses the minimum the role asks for', () => {
    const [ic] = roleCoverage({
      roles: [{ id: 'incident-commander', minimumTrained: 3 }],
      people,
      courses: COURSES,
      records: [...trained('john.smith'), ...trained('emily.chen')],
      now,
    });
    expect(ic.status).toBe('fail');
  });
});
