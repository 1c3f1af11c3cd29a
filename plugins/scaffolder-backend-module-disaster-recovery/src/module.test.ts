import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleDisasterRecovery } from './module';
import { appConfigFactory } from './__testUtils__/actionContext';

describe('scaffolderModuleDisasterRecovery', () => {
  it('registers the disaster-recovery actions with dry-run support', async () => {
    const addActions = jest.fn();
    const backend = await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModuleDisasterRecovery, appConfigFactory()],
    });
    const actions = addActions.mock.calls.flat();
    expect(actions.map(a => a.id).sort()).toEqual([
      'disaster-recovery:backup:create',
      'disaster-recovery:backup:verify',
      'disaster-recovery:database:restore',
      'disaster-recovery:drill:run',
      'disaster-recovery:failover:failover',
      'disaster-recovery:failover:preflight',
      'disaster-recovery:failover:reprotect',
      'disaster-recovery:failover:switchover',
      'disaster-recovery:incident:declare',
      'disaster-recovery:restored-copy:discard',
      'disaster-recovery:training:record',
    ]);
    for (const action of actions) {
      expect(action.supportsDryRun).toBe(true);
      expect(action.examples.length).toBeGreaterThan(0);
      for (const [name, field] of Object.entries<any>(
        action.schema.input.properties,
      )) {
        expect([name, field.description]).toEqual([name, expect.any(String)]);
      }
    }
    await backend.stop();
  });
});
