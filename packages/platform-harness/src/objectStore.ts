import { S3Client } from '@aws-sdk/client-s3';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Agent } from 'node:https';
import { Socket } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Lifecycle } from './lifecycle';
import { binScript } from './paths';
import { run, terminate } from './processes';
import { S3Endpoint } from './types';

/** Options for {@link createS3Client}. */
export interface S3ClientOptions {
  /** Talk to the TLS endpoint (trusting its self-signed certificate) instead of plain HTTP. */
  tls?: boolean;
}

/**
 * An `S3Client` for the harness's store: path-style addressing, and checksums only when an
 * operation requires them (the emulator and older S3-compatible stores mishandle the rest).
 */
export function createS3Client(
  s3: S3Endpoint,
  options: S3ClientOptions = {},
): S3Client {
  const tls = options.tls ?? false;
  return new S3Client({
    endpoint: tls ? s3.tlsEndpoint : s3.endpoint,
    region: s3.region,
    credentials: {
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
    },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(tls
      ? {
          requestHandler: {
            httpsAgent: new Agent(
              s3.tlsCertFile
                ? { ca: readFileSync(s3.tlsCertFile) }
                : { rejectUnauthorized: false },
            ),
          },
        }
      : {}),
  });
}

/** A running object store child process. */
export interface ObjectStore {
  endpoint: S3Endpoint;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Generates the TLS terminator's self-signed certificate (EC P-256, SAN IP:127.0.0.1). */
async function makeCertificate(dir: string) {
  const cert = path.join(dir, 'tls-cert.pem');
  const key = path.join(dir, 'tls-key.pem');
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:prime256v1',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '30',
    '-subj',
    '/CN=127.0.0.1',
    '-addext',
    'subjectAltName=IP:127.0.0.1',
  ]);
  return { cert, key };
}

/**
 * Starts fauxqs (S3 emulator) in a child process bound to 127.0.0.1, with a TLS terminator in
 * front of it, and creates the bucket.
 */
export async function startObjectStore(options: {
  dir: string;
  bucket: string;
  region: string;
  lifecycle: Lifecycle;
}): Promise<ObjectStore> {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 22 || (major === 22 && minor < 5)) {
    throw new Error(
      `the object store (fauxqs) needs Node >= 22.5, this is Node ${process.versions.node}; source scripts/toolchain.sh first`,
    );
  }
  const { cert, key } = await makeCertificate(options.dir);
  const child = spawn(
    process.execPath,
    [
      '--disable-warning=ExperimentalWarning',
      binScript('s3-server.mjs'),
      '--bucket',
      options.bucket,
      '--region',
      options.region,
      '--cert',
      cert,
      '--key',
      key,
      '--parent-pid',
      String(process.pid),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'], cwd: options.dir },
  );
  child.stdin!.on('error', () => {});
  options.lifecycle.addPid('s3-server', child.pid!, 's3-server.mjs');
  let stderr = '';
  child.stderr!.on('data', d => {
    stderr = (stderr + d).slice(-4000);
  });
  const ports = await new Promise<{ httpPort: number; tlsPort: number }>(
    (resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`object store did not start in 30s: ${stderr}`)),
        30_000,
      );
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', line => {
        try {
          const message = JSON.parse(line);
          if (message.ready) {
            clearTimeout(timer);
            resolve(message);
          }
        } catch {
          // not ours
        }
      });
      child.once('exit', code => {
        clearTimeout(timer);
        reject(new Error(`object store exited with code ${code}: ${stderr}`));
      });
    },
  ).catch(async error => {
    await terminate(child.pid!, 'SIGTERM', 2000);
    options.lifecycle.removePid(child.pid!);
    throw error;
  });
  // The child keeps running but must not keep our event loop alive by itself: a script that
  // ends without stop() exits, and the exit hook and the watchdog clean up.
  child.stdout!.resume();
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as Socket).unref();
  }

  const endpoint: S3Endpoint = {
    endpoint: `http://127.0.0.1:${ports.httpPort}`,
    tlsEndpoint: `https://127.0.0.1:${ports.tlsPort}`,
    region: options.region,
    accessKeyId: `AKIA${randomBytes(8).toString('hex').toUpperCase()}`,
    secretAccessKey: randomBytes(24).toString('base64url'),
    bucket: options.bucket,
    tlsCertFile: cert,
  };
  return {
    endpoint,
    child,
    async stop() {
      const pid = child.pid!;
      if (child.exitCode === null && child.signalCode === null) {
        child.stdin!.end();
        await terminate(pid, 'SIGTERM', 3000);
      }
      options.lifecycle.removePid(pid);
    },
  };
}
