/*
 * A drill in a process of its own, for the kill trials: reads its input from the environment
 * variable DR_DRILL_CHILD_INPUT (the target holds passwords: never argv), runs the drill, and
 * writes one JSON line per event to stdout: every step as it starts and ends, every program it
 * spawns (pid), and the end.
 */
import { addSpawnListener } from '../../process/processRunner';
import { runRestoreDrill, RestoreDrillOptions } from '../restoreDrill';

const input = JSON.parse(process.env.DR_DRILL_CHILD_INPUT ?? '{}') as Pick<
  RestoreDrillOptions,
  'target' | 'kind' | 'key' | 'tenantId' | 'workBase'
>;
const emit = (event: object) =>
  process.stdout.write(`${JSON.stringify(event)}\n`);

addSpawnListener(r => emit({ spawned: r.child.pid }));
runRestoreDrill({ ...input, onStep: step => emit({ step }) }).then(
  result => {
    emit({ done: result.validation.passed });
    process.exit(0);
  },
  error => {
    emit({ error: String((error as Error).message) });
    process.exit(1);
  },
);
