/*
 * Takes the demo platform's first real logical backup with the product's own backup operation,
 * so the portal shows a backup from the first minute. Reads the demo target from
 * app-config.yaml + app-config.demo.yaml (values from the DR_DEMO_* environment).
 */
import { ConfigSources } from '@backstage/config-loader';
import {
  createBackup,
  getTarget,
  readTargetsFromConfig,
} from '@dr-portal/backstage-plugin-disaster-recovery-node';
import path from 'node:path';

async function main() {
  const root = path.resolve(__dirname, '../..');
  const config = await ConfigSources.toConfig(
    ConfigSources.default({
      rootDir: root,
      argv: [
        '--config',
        path.join(root, 'app-config.yaml'),
        '--config',
        path.join(root, 'app-config.demo.yaml'),
      ],
    }),
  );
  try {
    const target = getTarget(readTargetsFromConfig(config), 'demo');
    const result = await createBackup({ target });
    console.log(
      `[demo] backup ${result.key}: ${
        result.sizeBytes
      } bytes, sha256 ${result.sha256.slice(0, 12)}…, ${result.durationMs} ms`,
    );
  } finally {
    config.close();
  }
}

main().catch(error => {
  console.error(`[demo] backup failed: ${error.message}`);
  process.exit(1);
});
