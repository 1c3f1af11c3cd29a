/*
 * A drill in a process of its own, for the kill trials: reads its input from the environment
 * variable DR_DRILL_CHILD_INPUT (the target holds passwords: never argv), runs the drill (a
 * restore, tenant restore, isolated failover or point-in-time restore (`pitr`) drill by its `kind`), and writes one JSON line per
 * event to stdout: every step as it starts and ends, every program it spawns (pid), and the end.
 */
import { addSpawnListener } from '../../process/processRunner';
import { drillArtefactNames } from '../drillArtefacts';
import { runIsolatedFailoverDrill } from '../isolatedFailoverDrill';
import { runPitrDrill } from '../pitrDrill';
import { runRestoreDrill, RestoreDrillOptions } from '../restoreDrill';

const input = JSON.parse(process.env.DR_DRILL_CHILD_INPUT ?? '{}') as Pick<
  RestoreDrillOptions,
  'target' | 'key' | 'tenantId' | 'workBase'
> & { kind: RestoreDrillOptions['kind'] | 'isolated-failover' | 'pitr' };
const emit = (event: object) =>
  process.stdout.write(`${JSON.stringify(event)}\n`);

addSpawnListener(r => emit({ spawned: r.child.pid }));
const onStep = (step: object) => emit({ step });
function run() {
  if (input.kind === 'isolated-failover') {
    return runIsolatedFailoverDrill({ target: input.target, onStep });
  }
  if (input.kind === 'pitr') {
    const names = drillArtefactNames(input.target, new Date(), {
      pitrServer: true,
    });
    return runPitrDrill({ target: input.target, names, onStep });
  }
  return runRestoreDrill({ ...input, kind: input.kind, onStep });
}
const drill = run();
drill.then(
  result => {
    emit({ done: result.validation.passed });
    process.exit(0);
  },
  error => {
    emit({ error: String((error as Error).message) });
    process.exit(1);
  },
);
