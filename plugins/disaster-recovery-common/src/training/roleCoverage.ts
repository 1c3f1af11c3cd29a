import { trainingStatus } from './trainingStatus';
import {
  ResponseRoleInput,
  RoleCoverage,
  TrainingCourseInput,
  TrainingPerson,
  TrainingRecordInput,
} from './types';

/** Inputs of {@link roleCoverage}. @public */
export interface RoleCoverageOptions {
  /** Response roles (ids, or the policy's roles with their `minimumTrained`). */
  roles: ReadonlyArray<string | ResponseRoleInput>;
  people: readonly TrainingPerson[];
  courses: readonly TrainingCourseInput[];
  records: readonly TrainingRecordInput[];
  now: Date;
  dueSoonMs?: number;
}

/**
 * For each response role: the people who hold it with current DR training (every course required
 * of them done or due), and whether that meets the role's minimum (the plan: every critical role
 * has a primary and a backup, so 2 unless the role says otherwise).
 *
 * @public
 */
export function roleCoverage(options: RoleCoverageOptions): RoleCoverage[] {
  const statuses = new Map(
    options.people.map(person => [
      person,
      trainingStatus({
        person,
        courses: options.courses,
        records: options.records,
        now: options.now,
        dueSoonMs: options.dueSoonMs,
      }),
    ]),
  );
  return options.roles.map(input => {
    const role = typeof input === 'string' ? { id: input } : input;
    const minimumTrained = role.minimumTrained ?? 2;
    const holders = options.people.filter(p => p.roles.includes(role.id));
    const people: RoleCoverage['people'] = [];
    const untrained: RoleCoverage['untrained'] = [];
    for (const holder of holders) {
      const status = statuses.get(holder)!;
      if (status.current) {
        people.push({
          ref: status.person,
          trainingExpiresAt: status.expiresAt,
        });
      } else {
        untrained.push({ ref: status.person, missing: status.missing });
      }
    }
    const pass = people.length >= minimumTrained;
    const who = (list: Array<{ ref: string }>) =>
      list.map(p => p.ref).join(', ') || 'nobody';
    const reason = pass
      ? `${
          people.length
        } of the ${minimumTrained} people needed hold the role with current training (${who(
          people,
        )})`
      : `only ${
          people.length
        } of the ${minimumTrained} people needed hold the role with current training (${who(
          people,
        )})${
          untrained.length
            ? `; not current: ${untrained
                .map(u => `${u.ref} (${u.missing.join(', ')})`)
                .join(', ')}`
            : ''
        }`;
    return {
      role: role.id,
      title: role.title,
      minimumTrained,
      status: pass ? 'pass' : 'fail',
      reason,
      people,
      untrained,
    };
  });
}
