import { InputError } from '@backstage/errors';
import { assertValidPrefix } from '../backup/backupKey';
import { assertConnection } from '../postgres/pgTools';
import { resolveRowCountTolerance } from '../verify/expectedShape';
import { DatabaseTarget } from './target';

/** Pattern of target names (keys of `disasterRecovery.targets`). @public */
export const TARGET_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/;

/** Checks a target's shape and every value that reaches argv, SQL or object keys; throws InputError. @public */
export function validateTarget(target: DatabaseTarget): DatabaseTarget {
  if (!target || typeof target !== 'object') {
    throw new InputError('Target is missing');
  }
  if (
    typeof target.name !== 'string' ||
    !TARGET_NAME_PATTERN.test(target.name)
  ) {
    throw new InputError(
      `Invalid target name ${JSON.stringify(String(target.name).slice(0, 80))}`,
    );
  }
  assertConnection(target.primary, `Target ${target.name} primary`);
  if (target.standby) {
    assertConnection(target.standby, `Target ${target.name} standby`);
  }
  if (target.pgBinDir !== undefined) {
    if (
      typeof target.pgBinDir !== 'string' ||
      !target.pgBinDir.startsWith('/') ||
      target.pgBinDir.includes('\u0000')
    ) {
      throw new InputError(
        `Target ${target.name} pgBinDir must be an absolute path`,
      );
    }
  }
  const s3 = target.s3;
  if (!s3 || typeof s3 !== 'object') {
    throw new InputError(`Target ${target.name} has no s3 settings`);
  }
  if (
    typeof s3.bucket !== 'string' ||
    !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(s3.bucket)
  ) {
    throw new InputError(`Target ${target.name} s3 bucket is invalid`);
  }
  if (typeof s3.region !== 'string' || !s3.region) {
    throw new InputError(`Target ${target.name} s3 region is missing`);
  }
  assertValidPrefix(s3.prefix);
  if (s3.sse !== undefined && s3.sse !== 'AES256' && s3.sse !== 'aws:kms') {
    throw new InputError(
      `Target ${target.name} s3 sse must be AES256 or aws:kms`,
    );
  }
  if (s3.endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(s3.endpoint)) {
    throw new InputError(
      `Target ${target.name} s3 endpoint must be an http(s) URL`,
    );
  }
  const copyTo = s3.copyTo;
  if (copyTo) {
    if (
      typeof copyTo.bucket !== 'string' ||
      !/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(copyTo.bucket)
    ) {
      throw new InputError(`Target ${target.name} s3 copyTo bucket is invalid`);
    }
    if (typeof copyTo.region !== 'string' || !copyTo.region) {
      throw new InputError(`Target ${target.name} s3 copyTo region is missing`);
    }
    if (copyTo.region === s3.region) {
      throw new InputError(
        `Target ${target.name} s3 copyTo region must differ from the source region ${s3.region}: a copy in the same region does not survive the loss of that region`,
      );
    }
    if (
      copyTo.sse !== undefined &&
      copyTo.sse !== 'AES256' &&
      copyTo.sse !== 'aws:kms'
    ) {
      throw new InputError(
        `Target ${target.name} s3 copyTo sse must be AES256 or aws:kms`,
      );
    }
  }
  const pgbr = target.pgbackrest;
  if (pgbr) {
    if (
      typeof pgbr.stanza !== 'string' ||
      !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(pgbr.stanza)
    ) {
      throw new InputError(
        `Target ${target.name} pgbackrest stanza is invalid`,
      );
    }
    if (
      !Array.isArray(pgbr.command) ||
      pgbr.command.length === 0 ||
      pgbr.command.some(a => typeof a !== 'string' || a.includes('\u0000'))
    ) {
      throw new InputError(
        `Target ${target.name} pgbackrest command must be a non-empty array of strings`,
      );
    }
    if (
      pgbr.osUser !== undefined &&
      !/^[a-z_][a-z0-9_-]{0,31}$/.test(pgbr.osUser)
    ) {
      throw new InputError(
        `Target ${target.name} pgbackrest osUser is invalid`,
      );
    }
    if (
      pgbr.restoreBaseDir !== undefined &&
      !pgbr.restoreBaseDir.startsWith('/')
    ) {
      throw new InputError(
        `Target ${target.name} pgbackrest restoreBaseDir must be absolute`,
      );
    }
  }
  validateIsolatedFailover(target);
  if (target.verification?.rowCountTolerance !== undefined) {
    resolveRowCountTolerance(
      target.verification.rowCountTolerance,
      `Target ${target.name} verification.rowCountTolerance`,
    );
  }
  return target;
}

function validateIsolatedFailover(target: DatabaseTarget): void {
  const iso = target.isolatedFailover;
  if (!iso) return;
  const where = `Target ${target.name} isolatedFailover`;
  if (
    typeof iso.scratchDirectory !== 'string' ||
    !/^\/[A-Za-z0-9/_.-]*$/.test(iso.scratchDirectory) ||
    iso.scratchDirectory.split('/').includes('..')
  ) {
    throw new InputError(
      `${where} scratchDirectory must be an absolute path of [A-Za-z0-9/_.-]`,
    );
  }
  if (iso.ports !== undefined) {
    const { from, to } = iso.ports;
    if (
      !Number.isInteger(from) ||
      !Number.isInteger(to) ||
      from < 1024 ||
      to > 65535 ||
      from > to
    ) {
      throw new InputError(
        `${where} ports must be integers from 1024 to 65535 with from <= to`,
      );
    }
  }
  if (
    iso.osUser !== undefined &&
    !/^[a-z_][a-z0-9_-]{0,31}$/.test(iso.osUser)
  ) {
    throw new InputError(`${where} osUser is invalid`);
  }
  if (
    iso.catchUpTimeoutMs !== undefined &&
    (!Number.isInteger(iso.catchUpTimeoutMs) || iso.catchUpTimeoutMs < 1)
  ) {
    throw new InputError(
      `${where} catchUpTimeoutMs must be a positive integer`,
    );
  }
}
