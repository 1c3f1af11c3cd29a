import { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import type { IncidentServices } from './IncidentService';

/** Options of {@link createIncidentsRouter}. @public */
export interface IncidentsRouterOptions {
  httpAuth: HttpAuthService;
  incidents: IncidentServices;
}

/**
 * Incident routes: `GET /incidents` (paged; `state`, `entityRef`), `GET /incidents/:id` (with
 * its timeline), `POST /incidents` (declare), `POST /incidents/:id/updates`,
 * `POST /incidents/:id/roles`, `POST /incidents/:id/acknowledge`, `POST /incidents/:id/resolve`,
 * and the post-incident review: `GET /incidents/:id/review` (JSON),
 * `GET /incidents/:id/review/markdown` (download), `POST /incidents/:id/review/action-items`;
 * `POST /incidents/:id/communications/:template/send` sends a rendered template;
 * `GET /incidents/settings` (severity and impact levels, templates) and
 * `GET /incidents/severity-suggestion?impactLevel=&tenants=` for the declaration form.
 *
 * @public
 */
export function createIncidentsRouter(
  options: IncidentsRouterOptions,
): express.Router {
  const { httpAuth } = options;
  const { lifecycle, communications, reviews, settings } = options.incidents;
  const router = Router();
  router.use(express.json());

  const caller = async (request: express.Request) => ({
    credentials: await httpAuth.credentials(request, {
      allow: ['user', 'service'],
    }),
    request,
  });

  router.get('/incidents', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await lifecycle.list(req.query));
  });

  router.get('/incidents/settings', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(settings.settings());
  });

  router.get('/incidents/severity-suggestion', async (req, res) => {
    res.json(await settings.suggestSeverity(req.query, await caller(req)));
  });

  router.get('/incidents/:id', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await lifecycle.get(req.params.id));
  });

  router.get('/incidents/:id/communications/:template', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const markdown = await communications.communication(
      req.params.id,
      req.params.template,
    );
    res.type('text/markdown; charset=utf-8').send(markdown);
  });

  router.get('/incidents/:id/review', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    res.json(await reviews.review(req.params.id));
  });

  router.get('/incidents/:id/review/markdown', async (req, res) => {
    await httpAuth.credentials(req, { allow: ['user', 'service'] });
    const { fileName, markdown } = await reviews.reviewMarkdown(req.params.id);
    res
      .type('text/markdown; charset=utf-8')
      .attachment(fileName)
      .send(markdown);
  });

  router.post('/incidents/:id/review/action-items', async (req, res) => {
    res
      .status(201)
      .json(
        await reviews.addActionItem(req.params.id, req.body, await caller(req)),
      );
  });

  router.post(
    '/incidents/:id/communications/:template/send',
    async (req, res) => {
      res.json(
        await communications.sendCommunication(
          req.params.id,
          req.params.template,
          await caller(req),
        ),
      );
    },
  );

  router.post('/incidents', async (req, res) => {
    res.status(201).json(await lifecycle.declare(req.body, await caller(req)));
  });

  router.post('/incidents/:id/updates', async (req, res) => {
    res.json(
      await lifecycle.update(req.params.id, req.body, await caller(req)),
    );
  });

  router.post('/incidents/:id/roles', async (req, res) => {
    res.json(
      await lifecycle.assignRole(req.params.id, req.body, await caller(req)),
    );
  });

  router.post('/incidents/:id/acknowledge', async (req, res) => {
    res.json(
      await lifecycle.acknowledge(req.params.id, req.body, await caller(req)),
    );
  });

  router.post('/incidents/:id/resolve', async (req, res) => {
    res.json(
      await lifecycle.resolve(req.params.id, req.body, await caller(req)),
    );
  });

  return router;
}
