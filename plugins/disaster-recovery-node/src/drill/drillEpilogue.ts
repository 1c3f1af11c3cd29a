import { OperationContext } from '../operation/runOperation';
import { OperationStep } from '../operation/types';
import { DatabaseTarget } from '../target/target';
import {
  DrillArtefact,
  listDrillArtefacts,
  removeDrillArtefact,
} from './drillArtefacts';

/** Collects the latest state of every step of a drill, as the step runners report them. */
export function stepCollector(forward?: (step: OperationStep) => void) {
  const steps: OperationStep[] = [];
  return {
    steps,
    onStep(step: OperationStep) {
      const i = steps.findIndex(
        s => s.id === step.id && s.startedAt === step.startedAt,
      );
      if (i >= 0) steps[i] = { ...step };
      else steps.push({ ...step });
      forward?.(step);
    },
  };
}

/** Which of a drill's artefacts exist now. */
export async function presentOf(
  target: DatabaseTarget,
  artefacts: readonly DrillArtefact[],
): Promise<DrillArtefact[]> {
  const workBases = [
    ...new Set(artefacts.filter(a => a.kind === 'work-dir').map(a => a.in!)),
  ];
  const present: DrillArtefact[] = [];
  for (const workBase of workBases.length ? workBases : [undefined]) {
    for (const a of await listDrillArtefacts(target, { workBase })) {
      if (
        artefacts.some(x => x.kind === a.kind && x.name === a.name) &&
        !present.some(x => x.kind === a.kind && x.name === a.name)
      ) {
        present.push(a);
      }
    }
  }
  return present;
}

/**
 * The end every drill shares: a `cleanup` step that ignores the abort removes each of the drill's
 * artefacts still present, checks that none is left (and whatever `alsoCheck` checks, such as a
 * port being free), and names what it removed; then the drill's failure, if any, is thrown (else
 * the clean-up's). Returns what was removed.
 */
export async function endDrill(
  ctx: Pick<OperationContext, 'target' | 'steps'>,
  options: {
    artefacts: readonly DrillArtefact[];
    /** The cleanup step's title. */
    title: string;
    /** The drill's failure so far (thrown after the clean-up). */
    failure: unknown;
    /** A further check after removal; throws when something is still held. */
    alsoCheck?: () => Promise<void>;
    /** The step's detail once something was removed. */
    describe: (removed: DrillArtefact[]) => string;
  },
): Promise<DrillArtefact[]> {
  const { artefacts } = options;
  let failure = options.failure;
  let removed: DrillArtefact[] = [];
  try {
    removed = await ctx.steps.run(
      'cleanup',
      options.title,
      async setDetail => {
        const present = await presentOf(ctx.target, artefacts);
        for (const a of present) await removeDrillArtefact(ctx.target, a);
        const left = await presentOf(ctx.target, artefacts);
        if (left.length) {
          throw new Error(
            `still present after the clean-up: ${left
              .map(a => a.name)
              .join(', ')}`,
          );
        }
        await options.alsoCheck?.();
        setDetail(
          present.length
            ? options.describe(present)
            : 'nothing was left to remove',
        );
        return present;
      },
      { ignoreAbort: true },
    );
  } catch (error) {
    failure ??= error;
  }
  if (failure !== undefined) throw failure;
  return removed;
}
