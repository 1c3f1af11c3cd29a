import { AuditorService, HttpAuthService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { normalizeEntityRefStrict } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import express from 'express';
import Router from 'express-promise-router';
import { requestEntityRef } from '../posture/tenants';
import { DisasterRecoveryService } from '../service/DisasterRecoveryService';
import {
  assertKnownCheck,
  emptyQuerySchema,
  entityParamsSchema,
  findingsQuerySchema,
  fleetQuerySchema,
  historyQuerySchema,
  metricsQuerySchema,
  pageQuerySchema,
  parseInput,
  runsQuerySchema,
} from './schemas';

/** Audit event ids of the router (see the README). */
export const AUDIT_EVENTS = {
  evaluate: 'posture-evaluate',
} as const;

/**
 * The REST API of the disaster-recovery backend (`/api/disaster-recovery`): fleet posture,
 * entity posture / backups / history, compliance matrix, metrics, fleet history and recovery
 * runs, all read-only and permission-checked per entity; and `POST /evaluate` to run the posture
 * evaluation now (audited).
 *
 * @public
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  auditor: AuditorService;
  service: DisasterRecoveryService;
  /** Runs the posture evaluation task now. */
  triggerEvaluation: () => Promise<void>;
}): Promise<express.Router> {
  const { httpAuth, auditor, service } = options;
  // No body parser: every route here is a GET or a bodyless POST, and this router shares the
  // plugin's root with the operations and training routers.
  const router = Router();

  const credentials = (req: express.Request) =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });
  const entityRef = (req: express.Request) =>
    requestEntityRef(
      parseInput(entityParamsSchema, req.params, 'entity'),
      'route parameters',
    );

  router.get('/fleet', async (req, res) => {
    const query = parseInput(fleetQuerySchema, req.query, 'query');
    assertKnownCheck(service.policy, query.failingCheck);
    if (query.owner) {
      query.owner = normalizeEntityRefStrict(query.owner, 'owner', {
        defaultKind: 'group',
      });
    }
    if (query.database) {
      query.database = requestEntityRef(query.database, 'database');
    }
    if (query.system) {
      query.system = normalizeEntityRefStrict(query.system, 'system', {
        defaultKind: 'system',
      });
    }
    res.json(await service.getFleetPosture(query, await credentials(req)));
  });

  router.get('/drills/calendar', async (req, res) => {
    parseInput(emptyQuerySchema, req.query, 'query');
    res.json(await service.getFleetDrillCalendar(await credentials(req)));
  });

  router.get('/findings', async (req, res) => {
    const query = parseInput(findingsQuerySchema, req.query, 'query');
    res.json(await service.getPlatformFindings(query, await credentials(req)));
  });

  router.get(
    '/entities/:kind/:namespace/:name/posture/stored',
    async (req, res) => {
      const ref = entityRef(req);
      parseInput(emptyQuerySchema, req.query, 'query');
      res.json(await service.getStoredPosture(ref, await credentials(req)));
    },
  );

  router.get('/entities/:kind/:namespace/:name/posture', async (req, res) => {
    const ref = entityRef(req);
    parseInput(emptyQuerySchema, req.query, 'query');
    res.json(await service.getEntityPosture(ref, await credentials(req)));
  });

  router.get('/entities/:kind/:namespace/:name/backups', async (req, res) => {
    const ref = entityRef(req);
    const page = parseInput(pageQuerySchema, req.query, 'query');
    res.json(
      await service.listEntityBackups(ref, page, await credentials(req)),
    );
  });

  router.get('/entities/:kind/:namespace/:name/history', async (req, res) => {
    const ref = entityRef(req);
    const query = parseInput(historyQuerySchema, req.query, 'query');
    res.json(
      await service.getEntityHistory(ref, query, await credentials(req)),
    );
  });

  router.get('/compliance', async (req, res) => {
    parseInput(emptyQuerySchema, req.query, 'query');
    res.json(await service.getCompliance(await credentials(req)));
  });

  router.get('/metrics', async (req, res) => {
    const query = parseInput(metricsQuerySchema, req.query, 'query');
    res.json(await service.getMetrics(query, await credentials(req)));
  });

  router.get('/history', async (req, res) => {
    const query = parseInput(historyQuerySchema, req.query, 'query');
    res.json(await service.getFleetHistory(query, await credentials(req)));
  });

  router.get('/runs', async (req, res) => {
    const query = parseInput(runsQuerySchema, req.query, 'query');
    if (query.entityRef) {
      query.entityRef = requestEntityRef(query.entityRef, 'entityRef');
    }
    res.json(await service.listRuns(query, await credentials(req)));
  });

  router.post('/evaluate', async (req, res) => {
    const auditorEvent = await auditor.createEvent({
      eventId: AUDIT_EVENTS.evaluate,
      severityLevel: 'medium',
      request: req,
    });
    try {
      parseInput(emptyQuerySchema, req.query, 'query');
      const creds = await credentials(req);
      if (!(await service.canReadWholeFleet(creds))) {
        throw new NotAllowedError(
          'Running the posture evaluation needs read access to the whole fleet',
        );
      }
      await options.triggerEvaluation();
      await auditorEvent.success();
      res.status(202).json({ triggered: true });
    } catch (error) {
      await auditorEvent.fail({ error: error as Error });
      throw error;
    }
  });

  return router;
}
