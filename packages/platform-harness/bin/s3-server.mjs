#!/usr/bin/env node
// S3-compatible object store for the platform harness: fauxqs bound to 127.0.0.1 plus a TLS
// terminator in front of it (pgBackRest 2.45 talks to S3 over HTTPS only).
//
// Usage: node s3-server.mjs --bucket <name> --region <region> --cert <pem> --key <pem> [--parent-pid N]
// Prints one JSON line {"ready":true,"httpPort":N,"tlsPort":M} on stdout when both listen.
// Exits when its stdin closes (the parent died or asked it to), on SIGTERM/SIGINT, or when
// the parent process is gone.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { parseArgs } from 'node:util';
import { buildApp } from 'fauxqs';

const { values: args } = parseArgs({
  options: {
    bucket: { type: 'string' },
    region: { type: 'string', default: 'us-east-1' },
    cert: { type: 'string' },
    key: { type: 'string' },
    'parent-pid': { type: 'string' },
  },
});
if (!args.bucket || !args.cert || !args.key) {
  process.stderr.write('s3-server: --bucket, --cert and --key are required\n');
  process.exit(2);
}

const parentPid = Number(args['parent-pid'] ?? process.ppid);
const app = buildApp({ logger: false, defaultRegion: args.region });
const sockets = new Set();
let tlsServer;
let stopping = false;

async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const socket of sockets) socket.destroy();
  await Promise.allSettled([
    tlsServer ? new Promise(resolve => tlsServer.close(() => resolve())) : null,
    app.close(),
  ]);
  process.exit(code);
}

process.on('SIGTERM', () => shutdown(0));
process.on('SIGINT', () => shutdown(0));
process.stdin.on('data', () => {});
process.stdin.on('end', () => shutdown(0));
process.stdin.on('close', () => shutdown(0));
setInterval(() => {
  try {
    process.kill(parentPid, 0);
  } catch {
    shutdown(0);
  }
}, 1000).unref();

try {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const httpPort = app.server.address().port;

  const created = await fetch(
    `http://127.0.0.1:${httpPort}/${encodeURIComponent(args.bucket)}`,
    { method: 'PUT' },
  );
  if (!created.ok) {
    throw new Error(`creating bucket failed with HTTP ${created.status}`);
  }

  tlsServer = tls.createServer(
    { cert: readFileSync(args.cert), key: readFileSync(args.key) },
    clientSocket => {
      const upstream = net.connect(httpPort, '127.0.0.1');
      sockets.add(clientSocket);
      sockets.add(upstream);
      // Ends propagate through pipe(); an error on either side tears both down.
      const destroyBoth = () => {
        clientSocket.destroy();
        upstream.destroy();
      };
      clientSocket.on('error', destroyBoth);
      upstream.on('error', destroyBoth);
      clientSocket.on('close', () => sockets.delete(clientSocket));
      upstream.on('close', () => sockets.delete(upstream));
      clientSocket.pipe(upstream);
      upstream.pipe(clientSocket);
    },
  );
  tlsServer.on('tlsClientError', () => {});
  await new Promise((resolve, reject) => {
    tlsServer.once('error', reject);
    tlsServer.listen(0, '127.0.0.1', () => resolve());
  });
  const tlsPort = tlsServer.address().port;
  process.stdout.write(
    `${JSON.stringify({ ready: true, httpPort, tlsPort })}\n`,
  );
} catch (error) {
  process.stderr.write(`s3-server: ${error?.message ?? error}\n`);
  await shutdown(1);
}
