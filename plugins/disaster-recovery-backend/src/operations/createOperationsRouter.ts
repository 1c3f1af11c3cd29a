import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import {
  drillReportFileName,
  renderDrillReportMarkdown,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { requestEntityRef } from '../posture/tenants';
import { drillReportOfRun } from './definitions/drills/drillReport';
import { RecoveryOperationExecutor } from './RecoveryOperationExecutor';

/** Options of {@link createOperationsRouter}. @public */
export interface OperationsRouterOptions {
  httpAuth: HttpAuthService;
  /** The executor (build one with `createRecoveryOperations`). */
  executor: RecoveryOperationExecutor;
}

/**
 * Routes that run recovery operations:
 * `POST /operations` (202 with the run, or the plan of a dry run), `GET /runs/:id` (live progress),
 * `GET /runs/:id/report.md` (a drill's test report as a Markdown download), `POST /runs/:id/cancel`,
 * `GET /entities/:kind/:namespace/:name/restored-copies` (what `discard-copy` can drop) and
 * `GET /entities/:kind/:namespace/:name/topology` (the current primary and standby of the entity's
 * target) and `GET /entities/:kind/:namespace/:name/recovery-window` (the PITR window from
 * pgBackRest and the dump times). Errors are `@backstage/errors` classes (InputError 400,
 * NotAllowedError 403, NotFoundError 404, ConflictError 409) for the plugin's error handler.
 *
 * @public
 */
export function createOperationsRouter(
  options: OperationsRouterOptions,
): express.Router {
  const { httpAuth, executor } = options;
  const router = Router();
  // Parsers on the routes themselves: this router shares the plugin's root with others.
  const json = express.json({ limit: '64kb' });

  router.post('/operations', json, async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const run = await executor.start(req.body, {
      credentials,
      request: req,
      via: 'rest',
    });
    res.status(run.dryRun ? 200 : 202).json({ run });
  });

  router.get('/runs/:id', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await executor.getRun(req.params.id, credentials));
  });

  router.get('/runs/:id/report.md', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const run = await executor.getRun(req.params.id, credentials);
    const report = drillReportOfRun(run);
    res
      .type('text/markdown; charset=utf-8')
      .attachment(drillReportFileName(report))
      .send(renderDrillReportMarkdown(report));
  });

  router.post('/runs/:id/cancel', json, async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const run = await executor.cancel(req.params.id, {
      credentials,
      request: req,
      via: 'rest',
    });
    res.status(202).json({ run });
  });

  router.get(
    '/entities/:kind/:namespace/:name/restored-copies',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { kind, namespace, name } = req.params;
      const items = await executor.listRestoredCopies(
        requestEntityRef({ kind, namespace, name }, 'route parameters'),
        credentials,
      );
      res.json({ items });
    },
  );

  router.get('/entities/:kind/:namespace/:name/topology', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { kind, namespace, name } = req.params;
    res.json(
      await executor.getTopology(
        requestEntityRef({ kind, namespace, name }, 'route parameters'),
        credentials,
      ),
    );
  });

  router.get(
    '/entities/:kind/:namespace/:name/recovery-window',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { kind, namespace, name } = req.params;
      res.json(
        await executor.getRecoveryWindow(
          requestEntityRef({ kind, namespace, name }, 'route parameters'),
          credentials,
        ),
      );
    },
  );

  return router;
}
