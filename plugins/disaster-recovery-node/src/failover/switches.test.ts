import http from 'node:http';
import { AddressInfo } from 'node:net';
import { KubernetesSwitch, KubernetesSwitchOptions } from './kubernetesSwitch';
import { Route53Switch } from './route53Switch';
import { repointPgBouncerIni } from './pgBouncerSwitch';
import { silentLogger } from '../operation/types';

// No Kubernetes API server or Route 53 endpoint runs on these machines: these tests check the
// requests against the documented API shapes with a local HTTP server.

interface Seen {
  method: string;
  url: string;
  contentType?: string;
  authorization?: string;
  body: string;
}

async function serve(
  handler: (req: Seen, res: http.ServerResponse) => void,
): Promise<{ url: string; seen: Seen[]; close(): Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', d => (body += d));
    req.on('end', () => {
      const s: Seen = {
        method: req.method!,
        url: req.url!,
        contentType: req.headers['content-type'],
        authorization: req.headers.authorization,
        body,
      };
      seen.push(s);
      handler(s, res);
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise(r => server.close(() => r())),
  };
}

const ctx = { logger: silentLogger, secrets: [] };
const to = { host: 'db-2.internal', port: 5433, database: 'ecommerce' };

function kubernetesSwitch(
  server: string,
  objects: Partial<KubernetesSwitchOptions>,
): KubernetesSwitch {
  return new KubernetesSwitch({
    server,
    token: 'k8s-token-secret',
    // plain HTTP to the local server; the client refuses it without this
    skipTlsVerify: true,
    namespace: 'shop',
    ...objects,
  });
}

describe('KubernetesSwitch (HTTP level)', () => {
  it('scales deployments down, patches the ConfigMap and ExternalName Service, and scales back', async () => {
    const api = await serve((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url.endsWith('/scale')) {
        const name = req.url.split('/')[6];
        const replicas =
          req.method === 'GET' ? 3 : JSON.parse(req.body).spec.replicas;
        res.end(
          JSON.stringify({
            kind: 'Scale',
            apiVersion: 'autoscaling/v1',
            metadata: { name, namespace: 'shop' },
            spec: { replicas },
          }),
        );
      } else if (req.url.includes('/configmaps/')) {
        res.end(
          JSON.stringify({
            kind: 'ConfigMap',
            apiVersion: 'v1',
            metadata: { name: 'db', namespace: 'shop' },
            data: JSON.parse(req.body).data,
          }),
        );
      } else if (req.url.includes('/services/')) {
        res.end(
          JSON.stringify({
            kind: 'Service',
            apiVersion: 'v1',
            metadata: { name: 'db', namespace: 'shop' },
            spec: { type: 'ExternalName', externalName: 'db-2.internal' },
          }),
        );
      } else {
        res.statusCode = 404;
        res.end(
          JSON.stringify({ kind: 'Status', status: 'Failure', code: 404 }),
        );
      }
    });
    try {
      const sw = kubernetesSwitch(api.url, {
        configMap: { name: 'db', hostKey: 'DB_HOST', portKey: 'DB_PORT' },
        service: { name: 'db' },
        deployments: ['web'],
      });
      const actions = [
        ...(await sw.pause(ctx)),
        ...(await sw.repoint(to, ctx)),
        ...(await sw.resume(ctx)),
      ];
      expect(api.seen.map(s => `${s.method} ${s.url.split('?')[0]}`)).toEqual([
        'GET /apis/apps/v1/namespaces/shop/deployments/web/scale',
        'PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale',
        'PATCH /api/v1/namespaces/shop/configmaps/db',
        'PATCH /api/v1/namespaces/shop/services/db',
        'PATCH /apis/apps/v1/namespaces/shop/deployments/web/scale',
      ]);
      const patches = api.seen.filter(s => s.method === 'PATCH');
      for (const p of patches) {
        expect(p.contentType).toBe('application/merge-patch+json');
        expect(p.authorization).toBe('Bearer k8s-token-secret');
      }
      expect(patches.map(p => JSON.parse(p.body))).toEqual([
        { spec: { replicas: 0 } },
        { data: { DB_HOST: 'db-2.internal', DB_PORT: '5433' } },
        { spec: { externalName: 'db-2.internal' } },
        { spec: { replicas: 3 } },
      ]);
      expect(actions.map(a => a.action)).toEqual([
        'scale',
        'patch-configmap',
        'patch-service',
        'scale',
      ]);
      expect(JSON.stringify(actions)).not.toContain('k8s-token-secret');
    } finally {
      await api.close();
    }
  });

  it('fails with the HTTP status and no token when the API refuses', async () => {
    const api = await serve((_req, res) => {
      res.statusCode = 403;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          kind: 'Status',
          status: 'Failure',
          message: 'forbidden',
          code: 403,
        }),
      );
    });
    try {
      const sw = kubernetesSwitch(api.url, {
        configMap: { name: 'db', hostKey: 'DB_HOST' },
      });
      const error = await sw.repoint(to, ctx).catch(e => e);
      expect(error.message).toMatch(/patch ConfigMap db failed \(HTTP 403\)/);
      expect(error.message).not.toContain('k8s-token-secret');
    } finally {
      await api.close();
    }
  });

  it('refuses invalid names before any request', () => {
    expect(
      () =>
        new KubernetesSwitch({
          server: 'http://x',
          namespace: 'Shop;rm',
          configMap: { name: 'db', hostKey: 'h' },
        }),
    ).toThrow(/invalid namespace/);
  });
});

describe('Route53Switch (HTTP level)', () => {
  it('upserts the record and polls GetChange until INSYNC', async () => {
    let polls = 0;
    const api = await serve((req, res) => {
      res.setHeader('content-type', 'text/xml');
      const ns = 'xmlns="https://route53.amazonaws.com/doc/2013-04-01/"';
      if (
        req.method === 'POST' &&
        /^\/2013-04-01\/hostedzone\/Z1D633PJN98FT9\/rrset\/?$/.test(req.url)
      ) {
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsResponse ${ns}><ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>PENDING</Status><SubmittedAt>2026-12-03T10:00:00.000Z</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>`,
        );
      } else if (
        req.method === 'GET' &&
        req.url === '/2013-04-01/change/C2682N5HXP0BZ4'
      ) {
        polls++;
        res.end(
          `<?xml version="1.0" encoding="UTF-8"?><GetChangeResponse ${ns}><ChangeInfo><Id>/change/C2682N5HXP0BZ4</Id><Status>${
            polls < 2 ? 'PENDING' : 'INSYNC'
          }</Status><SubmittedAt>2026-12-03T10:00:00.000Z</SubmittedAt></ChangeInfo></GetChangeResponse>`,
        );
      } else {
        res.statusCode = 400;
        res.end(
          `<ErrorResponse><Error><Code>InvalidInput</Code><Message>unexpected ${req.method} ${req.url}</Message></Error></ErrorResponse>`,
        );
      }
    });
    try {
      const sw = new Route53Switch({
        hostedZoneId: 'Z1D633PJN98FT9',
        recordName: 'db.shop.example.com',
        endpoint: api.url,
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'route53-secret-key',
        pollIntervalMs: 10,
      });
      const actions = await sw.repoint(to, ctx);
      expect(actions.map(a => a.action)).toEqual(['upsert-record', 'insync']);
      expect(polls).toBe(2);
      const change = api.seen[0];
      expect(change.body).toContain('<Action>UPSERT</Action>');
      expect(change.body).toContain('<Name>db.shop.example.com</Name>');
      expect(change.body).toContain('<Type>CNAME</Type>');
      expect(change.body).toContain('<TTL>30</TTL>');
      expect(change.body).toContain('<Value>db-2.internal</Value>');
      expect(change.authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\//,
      );
      expect(JSON.stringify(actions)).not.toContain('route53-secret-key');
    } finally {
      await api.close();
    }
  });

  it('refuses an A record for a host name', async () => {
    const sw = new Route53Switch({
      hostedZoneId: 'Z1',
      recordName: 'db.example.com',
      recordType: 'A',
      endpoint: 'http://127.0.0.1:9',
    });
    await expect(sw.repoint(to, ctx)).rejects.toThrow(/needs an IPv4 address/);
  });
});

describe('repointPgBouncerIni', () => {
  const ini = [
    '[databases]',
    'ecommerce = host=10.0.0.1 port=5432 dbname=ecommerce pool_size=20',
    'other = host=10.0.0.9 port=5432',
    '',
    '[pgbouncer]',
    'listen_port = 6432',
  ].join('\n');

  it('rewrites host, port and dbname of one entry and keeps everything else', () => {
    expect(repointPgBouncerIni(ini, 'ecommerce', to)).toBe(
      ini.replace(
        'ecommerce = host=10.0.0.1 port=5432 dbname=ecommerce pool_size=20',
        'ecommerce = host=db-2.internal port=5433 dbname=ecommerce pool_size=20',
      ),
    );
  });

  it('fails when the entry is missing', () => {
    expect(() => repointPgBouncerIni(ini, 'missing', to)).toThrow(
      /no \[databases\] entry missing/,
    );
  });
});
