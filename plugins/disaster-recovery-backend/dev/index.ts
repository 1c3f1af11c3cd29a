import { createBackend } from '@backstage/backend-defaults';
import { mockServices } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationsMock } from '../src/__testUtils__/notificationsMock';

// A minimal backend for working on the plugin alone (`yarn start` in this package): mocked auth
// an empty in-memory catalog and notifications kept in memory. The demo portal (`scripts/start.sh`) wires the real services.
//
//   curl http://localhost:7007/api/disaster-recovery/fleet
//   curl http://localhost:7007/api/disaster-recovery/compliance

const backend = createBackend();
backend.add(mockServices.auth.factory());
backend.add(mockServices.httpAuth.factory());
backend.add(catalogServiceMock.factory({ entities: [] }));
backend.add(notificationsMock().factory);
backend.add(import('../src'));
backend.start();
