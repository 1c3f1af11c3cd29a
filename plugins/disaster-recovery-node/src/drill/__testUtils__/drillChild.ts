/*
 * A drill in a process of its own, for the kill trials: reads its input from the environment
 * variable DR_DRILL_CHILD_INPUT (the target holds passwords: never argv), runs the drill (a
 * restore, tenant restore or isolated failover drill by its `kind`), and writes one JSON line per
 * event to stdout: every step as it starts and ends, every program it spawns (pid), and the end.
 */
import { addSpawnListener } from '../../process/processRunner';
import { runIsolatedFailoverDrill } from '../isolatedFailoverDrill';
import { runRestoreDrill, RestoreDrillOptions } from '../restoreDrill';

const input = JSON.parse(process.env.DR_DRILL_CHILD_INPUT ?? '{}') as Pick<
  RestoreDrillOptions,
  'target' | 'key' | 'tenantId' | 'workBase'
> & { kind: RestoreDrillOptions['kind'] | 'isolated-failover' };
const emit = (event: object) =>
  process.stdout.write(`${JSON.stringify(event)}\n`);

addSpawnListener(r => emit({ spawned: r.child.pid }));
const onStep = (step: object) => emit({ step });
const drill =
  input.kind === 'isolated-failover'
    ? runIsolatedFailoverDrill({ target: input.target, onStep })
    : runRestoreDrill({ ...input, kind: input.kind, onStep });
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
