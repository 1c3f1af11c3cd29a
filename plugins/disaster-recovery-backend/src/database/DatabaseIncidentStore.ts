import { ConflictError, NotFoundError } from '@backstage/errors';
import {
  formatIncidentId,
  IncidentActionItem,
  IncidentEvent,
  IncidentItem,
  IncidentRole,
  IncidentStatus,
} from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { Knex } from 'knex';
import { iso } from './conversions';
import {
  ActionItemRow,
  AFFECTED_ROLES,
  EntityRow,
  eventRow,
  EventRow,
  IncidentRow,
  toActionItem,
  toEvent,
  toItem,
} from './incidentRows';
import {
  IncidentChange,
  IncidentQuery,
  IncidentStore,
  NewIncident,
} from './IncidentStore';

const INCIDENTS = 'dr_incidents';
const ENTITIES = 'dr_incident_entities';
const EVENTS = 'dr_incident_events';
const SEQUENCES = 'dr_incident_sequences';
const NOTICES = 'dr_incident_notices';
const REVIEWS = 'dr_incident_reviews';
const ACTION_ITEMS = 'dr_incident_action_items';

/** Default and largest page of `listIncidents`. */
export const INCIDENT_PAGE = { defaultLimit: 50, maxLimit: 500 } as const;

/**
 * The knex implementation of the incident store (SQLite or PostgreSQL): tables `dr_incidents`,
 * `dr_incident_entities`, `dr_incident_events`, `dr_incident_sequences`, `dr_incident_notices`.
 *
 * @public
 */
export class DatabaseIncidentStore implements IncidentStore {
  /** A store over the plugin database's client; the persistence context has migrated it. */
  static create(options: { knex: Knex }): DatabaseIncidentStore {
    return new DatabaseIncidentStore(options.knex);
  }

  private constructor(private readonly db: Knex) {}

  async declare(incident: NewIncident): Promise<IncidentItem> {
    const year = incident.declaredAt.getUTCFullYear();
    const id = await this.db.transaction(async tx => {
      // The counter row of the year is created once; the increment then locks it (PostgreSQL
      // row lock, SQLite's single writer) until this transaction ends, so concurrent
      // declarations from any replica each read their own number.
      await tx(SEQUENCES)
        .insert({ year, last_number: 0 })
        .onConflict('year')
        .ignore();
      await tx(SEQUENCES).where({ year }).increment('last_number', 1);
      const { last_number } = await tx(SEQUENCES)
        .where({ year })
        .first('last_number');
      const number = Number(last_number);
      const incidentId = formatIncidentId(year, number);
      await tx(INCIDENTS).insert({
        id: incidentId,
        year,
        number,
        severity: incident.severity,
        title: incident.title,
        status: 'investigating',
        impact: incident.impact,
        impact_level: incident.impactLevel ?? null,
        started_at: incident.startedAt,
        declared_at: incident.declaredAt,
        declared_by: incident.declaredBy,
        roles: JSON.stringify(incident.roles),
        last_update_at: incident.declaredAt,
        drill: incident.drill,
      });
      const entities = (
        Object.keys(AFFECTED_ROLES) as (keyof typeof AFFECTED_ROLES)[]
      ).flatMap(key =>
        [...new Set(incident.affected[key])].map(ref => ({
          incident_id: incidentId,
          entity_ref: ref,
          role: AFFECTED_ROLES[key],
        })),
      );
      if (entities.length) {
        await tx(ENTITIES).insert(entities).onConflict().ignore();
      }
      const at = incident.declaredAt;
      const actor = incident.declaredBy;
      await tx(EVENTS).insert([
        eventRow(incidentId, {
          type: 'declared',
          at,
          actor,
          message: `${incident.severity}: ${incident.title}`,
          status: 'investigating',
        }),
        ...Object.entries(incident.roles).map(([role, assignee]) =>
          eventRow(incidentId, { type: 'role', at, actor, role, assignee }),
        ),
      ]);
      return incidentId;
    });
    return (await this.getIncident(id))!;
  }

  /** The columns of an incident row and the time of its first status update. */
  private itemColumns() {
    return [
      `${INCIDENTS}.*`,
      this.db(EVENTS)
        .min('at')
        .where('incident_id', this.db.ref(`${INCIDENTS}.id`))
        .where('type', 'status')
        .as('first_update_at'),
    ];
  }

  async getIncident(id: string): Promise<IncidentItem | undefined> {
    const row: IncidentRow | undefined = await this.db(INCIDENTS)
      .select(this.itemColumns())
      .where({ id })
      .first();
    if (!row) return undefined;
    const entities = await this.db<EntityRow>(ENTITIES).where({
      incident_id: id,
    });
    return toItem(row, entities);
  }

  async listIncidents(
    query: IncidentQuery,
  ): Promise<{ items: IncidentItem[]; totalItems: number }> {
    const filtered = () => {
      const q = this.db<IncidentRow>(INCIDENTS);
      if (query.state === 'open') q.whereNot('status', 'resolved');
      else if (query.state === 'closed') q.where('status', 'resolved');
      else if (query.state) q.where('status', query.state);
      if (query.entityRef) {
        q.whereIn(
          'id',
          this.db(ENTITIES)
            .select('incident_id')
            .where('entity_ref', query.entityRef),
        );
      }
      return q;
    };
    const order = query.order ?? 'desc';
    const limit = Math.min(
      query.limit ?? INCIDENT_PAGE.defaultLimit,
      INCIDENT_PAGE.maxLimit,
    );
    const [rows, [{ count }]] = await Promise.all([
      filtered()
        .select(this.itemColumns())
        .orderBy([
          { column: 'year', order },
          { column: 'number', order },
        ])
        .offset(query.offset ?? 0)
        .limit(limit),
      filtered().count({ count: '*' }),
    ]);
    return {
      items: await this.withEntities(rows as unknown as IncidentRow[]),
      totalItems: Number(count),
    };
  }

  async listIncidentsDuring(window: {
    from: Date;
    to: Date;
  }): Promise<IncidentItem[]> {
    const rows: IncidentRow[] = await this.db(INCIDENTS)
      .select(this.itemColumns())
      .where('drill', false)
      .where('started_at', '<=', window.to)
      .where(q =>
        q.whereNull('resolved_at').orWhere('resolved_at', '>=', window.from),
      )
      .orderBy([
        { column: 'started_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
    return this.withEntities(rows);
  }

  /** The items of incident rows with their affected entities (one query for all). */
  private async withEntities(rows: IncidentRow[]): Promise<IncidentItem[]> {
    const ids = rows.map(r => r.id);
    const entities = ids.length
      ? await this.db<EntityRow>(ENTITIES).whereIn('incident_id', ids)
      : [];
    return rows.map(r =>
      toItem(
        r,
        entities.filter(e => e.incident_id === r.id),
      ),
    );
  }

  async getTimeline(id: string): Promise<IncidentEvent[]> {
    const rows = await this.db<EventRow>(EVENTS)
      .where({ incident_id: id })
      .orderBy('id', 'asc');
    return rows.map(toEvent);
  }

  async postUpdate(
    id: string,
    update: IncidentChange & {
      status: Exclude<IncidentStatus, 'resolved'>;
      message: string;
    },
  ): Promise<IncidentItem> {
    return this.changeOpen(id, () => ({
      values: { status: update.status, last_update_at: update.at },
      event: { type: 'status', ...update },
    }));
  }

  async assignRole(
    id: string,
    change: IncidentChange & { role: IncidentRole; assignee: string },
  ): Promise<IncidentItem> {
    return this.changeOpen(id, row => ({
      values: {
        roles: JSON.stringify({
          ...JSON.parse(row.roles),
          [change.role]: change.assignee,
        }),
      },
      // Applied only if nobody changed the roles since they were read.
      expected: { roles: row.roles },
      event: { type: 'role', ...change },
    }));
  }

  async acknowledge(id: string, change: IncidentChange): Promise<IncidentItem> {
    return this.changeOpen(id, () => ({
      values: { acknowledged_at: change.at },
      event: { type: 'acknowledged', ...change },
    }));
  }

  async resolve(
    id: string,
    change: IncidentChange & { rootCause: string },
  ): Promise<IncidentItem> {
    const { rootCause, ...rest } = change;
    return this.changeOpen(id, () => ({
      values: {
        status: 'resolved',
        resolved_at: change.at,
        root_cause: rootCause,
        last_update_at: change.at,
      },
      event: {
        type: 'resolved',
        status: 'resolved',
        ...rest,
        message: change.message ?? `Root cause: ${rootCause}`,
      },
      then: tx =>
        tx(REVIEWS).insert({
          incident_id: id,
          opened_at: change.at,
          opened_by: change.actor,
        }),
    }));
  }

  async getReview(id: string) {
    const review = await this.db(REVIEWS).where({ incident_id: id }).first();
    if (!review) return undefined;
    const items = await this.db<ActionItemRow>(ACTION_ITEMS)
      .where({ incident_id: id })
      .orderBy('id', 'asc');
    return {
      openedAt: iso(review.opened_at),
      openedBy: review.opened_by as string,
      actionItems: items.map(toActionItem),
    };
  }

  async addActionItem(
    id: string,
    item: IncidentChange & { text: string; owner?: string },
  ): Promise<IncidentActionItem> {
    const review = await this.db(REVIEWS).where({ incident_id: id }).first();
    if (!review) {
      if (!(await this.db(INCIDENTS).where({ id }).first('id'))) {
        throw new NotFoundError(`No incident ${id}`);
      }
      throw new ConflictError(
        `Incident ${id} has no review yet: its review opens when it is resolved`,
      );
    }
    const [row] = await this.db<ActionItemRow>(ACTION_ITEMS)
      .insert({
        incident_id: id,
        text: item.text,
        owner: item.owner ?? null,
        added_at: item.at,
        added_by: item.actor,
      })
      .returning('*');
    return toActionItem(row as ActionItemRow);
  }

  async addEvent(
    id: string,
    event: Omit<IncidentEvent, 'id' | 'incidentId' | 'at'> & { at: Date },
  ): Promise<void> {
    if (!(await this.db(INCIDENTS).where({ id }).first('id'))) {
      throw new NotFoundError(`No incident ${id}`);
    }
    await this.db(EVENTS).insert(eventRow(id, event));
  }

  async listNotices(id: string): Promise<string[]> {
    const rows: Array<{ notice: string }> = await this.db(NOTICES)
      .where({ incident_id: id })
      .orderBy('notice')
      .select('notice');
    return rows.map(r => r.notice);
  }

  async claimNotice(
    id: string,
    notice: string,
    event: Omit<IncidentEvent, 'id' | 'incidentId' | 'at'> & { at: Date },
  ): Promise<boolean> {
    return this.db.transaction(async tx => {
      const inserted = await tx(NOTICES)
        .insert({ incident_id: id, notice, claimed_at: event.at })
        .onConflict(['incident_id', 'notice'])
        .ignore()
        .returning('notice');
      if (!inserted.length) return false;
      await tx(EVENTS).insert(eventRow(id, event));
      return true;
    });
  }

  /**
   * Changes an incident that is not resolved, in one conditional update (so a concurrent
   * resolution wins cleanly), and adds the event to its timeline, in one transaction.
   */
  private async changeOpen(
    id: string,
    change: (row: IncidentRow) => {
      values: Record<string, unknown>;
      event: Omit<IncidentEvent, 'id' | 'incidentId' | 'at'> & { at: Date };
      expected?: Record<string, unknown>;
      /** More writes in the same transaction. */
      then?: (tx: Knex.Transaction) => Promise<unknown>;
    },
  ): Promise<IncidentItem> {
    await this.db.transaction(async tx => {
      const row = await tx<IncidentRow>(INCIDENTS).where({ id }).first();
      if (!row) throw new NotFoundError(`No incident ${id}`);
      if (row.status === 'resolved') {
        throw new ConflictError(`Incident ${id} is already resolved`);
      }
      const { values, event, expected, then } = change(row);
      const updated = await tx(INCIDENTS)
        .where({ id, ...expected })
        .whereNot('status', 'resolved')
        .update(values);
      if (!updated) {
        throw new ConflictError(
          `Incident ${id} was changed or resolved concurrently; try again`,
        );
      }
      await tx(EVENTS).insert(eventRow(id, event));
      await then?.(tx);
    });
    return (await this.getIncident(id))!;
  }
}
