// Prints `export DR_DEMO_...=...` lines for the demo platform described by the harness state
// file ($1), for `eval` in scripts/lib/demo.sh. The values (passwords included) go into the
// environment of the portal process, never into argv or logs.
const fs = require('node:fs');
const path = require('node:path');

const state = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const quote = v => `'${String(v).replace(/'/g, `'\\''`)}'`;
const vars = {
  DR_DEMO_PG_HOST: state.primary.host,
  DR_DEMO_PG_PORT: state.primary.port,
  DR_DEMO_PG_USER: state.primary.user,
  DR_DEMO_PG_PASSWORD: state.primary.password,
  DR_DEMO_PG_DATABASE: state.primary.database,
  DR_DEMO_STANDBY_HOST: state.standby?.host,
  DR_DEMO_STANDBY_PORT: state.standby?.port,
  DR_DEMO_PRIMARY_DATA_DIR: state.primary.dataDir,
  DR_DEMO_STANDBY_DATA_DIR: state.standby?.dataDir,
  // throwaway servers of isolated test failover drills: beside the servers, removed with the platform
  DR_DEMO_DRILL_SCRATCH_DIR: path.join(
    path.dirname(path.dirname(state.primary.dataDir)),
    'drill-servers',
  ),
  DR_DEMO_S3_ENDPOINT: state.s3?.endpoint,
  DR_DEMO_S3_REGION: state.s3?.region,
  DR_DEMO_S3_BUCKET: state.s3?.bucket,
  DR_DEMO_S3_COPY_BUCKET: state.s3?.copyBucket,
  DR_DEMO_S3_COPY_REGION: state.s3?.copyRegion,
  DR_DEMO_S3_ACCESS_KEY_ID: state.s3?.accessKeyId,
  DR_DEMO_S3_SECRET_ACCESS_KEY: state.s3?.secretAccessKey,
  DR_DEMO_PGBOUNCER_HOST: state.pgbouncer?.host,
  DR_DEMO_PGBOUNCER_PORT: state.pgbouncer?.port,
  DR_DEMO_PGBOUNCER_DATABASE: state.pgbouncer?.database,
  DR_DEMO_PGBOUNCER_USER: state.pgbouncer?.user,
  DR_DEMO_PGBOUNCER_PASSWORD: state.pgbouncer?.password,
  DR_DEMO_PGBOUNCER_CONFIG_FILE: state.pgbouncer?.configFile,
  DR_DEMO_PGBOUNCER_ADMIN_USER: state.pgbouncer?.adminUser,
  DR_DEMO_PGBOUNCER_ADMIN_PASSWORD: state.pgbouncer?.adminPassword,
  DR_DEMO_PGBACKREST_STANZA: state.pgbackrest?.stanza,
  DR_DEMO_PGBACKREST_CONFIG: state.pgbackrest?.configFile,
  DR_DEMO_OS_USER: state.osUser,
  DR_DEMO_PG_BIN_DIR: state.pgBinDir,
};
for (const [k, v] of Object.entries(vars)) {
  if (v !== undefined && v !== null)
    process.stdout.write(`export ${k}=${quote(v)}\n`);
}
