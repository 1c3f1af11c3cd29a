import { NotFoundError } from '@backstage/errors';
import {
  disasterRecoveryIncidentUpdatePermission,
  IncidentActionItem,
  incidentReviewFileName,
  IncidentReview,
  renderIncidentReviewMarkdown,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { parseInput } from '../router/schemas';
import {
  assigneeRef,
  INCIDENT_AUDIT_EVENTS,
  IncidentCaller,
  IncidentGuard,
} from './incidentGuard';
import type { IncidentLifecycleService } from './IncidentLifecycleService';
import { addActionItemBody } from './incidentSchemas';
import type { IncidentServiceOptions } from './IncidentService';

/** The most runs a review lists. */
const REVIEW_RUNS_LIMIT = 500;

/**
 * The post-incident review: opened on resolution, it holds the timeline, the recovery runs that
 * named the incident and the action items, and downloads as Markdown.
 *
 * @public
 */
export class IncidentReviewService {
  constructor(
    private readonly options: IncidentServiceOptions,
    private readonly guard: IncidentGuard,
    private readonly lifecycle: Pick<IncidentLifecycleService, 'get'>,
  ) {}

  /**
   * The post-incident review of a resolved incident (any signed-in reader): the timeline, the
   * recovery runs that named the incident (oldest first) and the action items. NotFound for an
   * unknown incident or one not resolved yet (its review opens on resolution).
   */
  async review(id: string): Promise<IncidentReview> {
    const { incident, timeline } = await this.lifecycle.get(id);
    const record = await this.options.store.getReview(id);
    if (!record) {
      throw new NotFoundError(
        `Incident ${id} has no review yet: its review opens when it is resolved`,
      );
    }
    const { items } = await this.options.runs.listRecoveryRuns({
      incidentId: id,
      limit: REVIEW_RUNS_LIMIT,
    });
    const runs = items.reverse().map(r => ({
      id: r.id,
      operation: r.operation,
      entityRef: r.entityRef,
      ...(r.purpose ? { purpose: r.purpose } : {}),
      status: r.status,
      initiatedBy: r.initiatedBy,
      startedAt: r.startedAt,
      ...(r.finishedAt ? { finishedAt: r.finishedAt } : {}),
      ...(r.achievedRtoSeconds !== undefined
        ? { achievedRtoSeconds: r.achievedRtoSeconds }
        : {}),
      ...(r.dataLossSeconds !== undefined
        ? { dataLossSeconds: r.dataLossSeconds }
        : {}),
      ...(r.restorePoint ? { restorePoint: r.restorePoint } : {}),
    }));
    return { incident, ...record, timeline, runs };
  }

  /** The review as Markdown in the layout of the plan's test report, with its file name. */
  async reviewMarkdown(
    id: string,
  ): Promise<{ fileName: string; markdown: string }> {
    const review = await this.review(id);
    return {
      fileName: incidentReviewFileName(review),
      markdown: renderIncidentReviewMarkdown(review, {
        severityLevels: this.options.policy.severityLevels,
      }),
    };
  }

  /** Adds an action item to a review. Permission `disaster-recovery.incident.update`. */
  async addActionItem(
    id: string,
    body: unknown,
    caller: IncidentCaller,
  ): Promise<IncidentActionItem> {
    return this.guard.change(
      INCIDENT_AUDIT_EVENTS.actionItem,
      disasterRecoveryIncidentUpdatePermission,
      { id, caller },
      by => {
        const input = parseInput(addActionItemBody, body, 'action item');
        return this.options.store.addActionItem(id, {
          text: input.text,
          ...(input.owner ? { owner: assigneeRef(input.owner, 'owner') } : {}),
          ...by,
        });
      },
      item => ({ id, actionItem: item.id }),
    );
  }
}
