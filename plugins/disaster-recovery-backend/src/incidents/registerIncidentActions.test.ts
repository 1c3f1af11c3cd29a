import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import {
  AuthorizeResult,
  PermissionEvaluator,
} from '@backstage/plugin-permission-common';
import {
  defaultPolicy,
  disasterRecoveryIncidentResolvePermission,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { createStores } from '../database/__testUtils__/testStores';
import { recordingAuditor } from '../training/__testUtils__/trainingFixtures';
import { createIncidentServices } from './IncidentService';
import { registerIncidentActions } from './registerIncidentActions';

jest.setTimeout(60_000);

describe('incident actions', () => {
  it('lists and reads for every reader, declares and resolves only with the permission', async () => {
    const { stores } = await createStores('SQLITE_3');
    const { auditor, events } = recordingAuditor();
    const denied = new Set<string>([
      disasterRecoveryIncidentResolvePermission.name,
    ]);
    const decide = (name: string) =>
      denied.has(name) ? AuthorizeResult.DENY : AuthorizeResult.ALLOW;
    const permissions: PermissionEvaluator = {
      authorize: async requests =>
        requests.map(r => ({ result: decide(r.permission.name) })) as never,
      authorizeConditional: async requests =>
        requests.map(r => ({ result: decide(r.permission.name) })) as never,
    };
    const { lifecycle: incidents } = createIncidentServices({
      store: stores.incidents,
      runs: stores.runs,
      permissions: mockServices.permissions.mock(permissions),
      auditor,
      policy: defaultPolicy,
    });
    const actions = actionsRegistryServiceMock();
    registerIncidentActions(actions, incidents);
    const credentials = mockCredentials.user('user:default/jane');

    const declared = await actions.invoke({
      id: 'test:declare-incident',
      input: {
        severity: 'SEV-1',
        title: 'Orders database down',
        impact: 'Orders cannot be placed',
        affected: { tenants: ['acme'] },
      },
      credentials,
    });
    expect(declared.output).toEqual({
      id: expect.stringMatching(/^INC-\d{4}-001$/),
      status: 'investigating',
    });
    const id = (declared.output as { id: string }).id;

    const listed = await actions.invoke({
      id: 'test:list-incidents',
      input: { state: 'open' },
      credentials,
    });
    expect(listed.output).toMatchObject({ totalItems: 1, items: [{ id }] });
    const read = await actions.invoke({
      id: 'test:get-incident',
      input: { id },
      credentials,
    });
    expect(read.output).toMatchObject({
      incident: { id, affected: { tenants: ['resource:default/acme'] } },
      timeline: [{ type: 'declared' }],
    });

    await expect(
      actions.invoke({
        id: 'test:resolve-incident',
        input: { id, rootCause: 'Disk full' },
        credentials,
      }),
    ).rejects.toThrow(/not allowed|NotAllowed/i);
    expect((await stores.incidents.getIncident(id))?.status).toBe(
      'investigating',
    );
    expect(events.map(e => [e.eventId, e.outcome])).toEqual([
      ['incident-declare', 'success'],
      ['incident-resolve', 'fail'],
    ]);

    denied.clear();
    const resolved = await actions.invoke({
      id: 'test:resolve-incident',
      input: { id, rootCause: 'Disk full' },
      credentials,
    });
    expect(resolved.output).toMatchObject({ id, status: 'resolved' });
  });
});
