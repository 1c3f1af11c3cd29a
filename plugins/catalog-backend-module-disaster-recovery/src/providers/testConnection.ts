import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';

/**
 * Test double of the catalog's side of an entity provider: records every mutation and keeps the
 * set of entities the catalog would hold after applying them (full replaces, delta adds/removes).
 */
export class RecordingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];
  readonly entities = new Map<string, Entity>();

  async applyMutation(mutation: EntityProviderMutation): Promise<void> {
    this.mutations.push(mutation);
    if (mutation.type === 'full') {
      this.entities.clear();
      for (const d of mutation.entities) {
        this.entities.set(stringifyEntityRef(d.entity), d.entity);
      }
    } else {
      for (const d of mutation.added) {
        this.entities.set(stringifyEntityRef(d.entity), d.entity);
      }
      for (const r of mutation.removed) {
        this.entities.delete(
          'entityRef' in r ? r.entityRef : stringifyEntityRef(r.entity),
        );
      }
    }
  }

  async refresh(): Promise<void> {}

  /** The last mutation, summarized as refs. */
  last() {
    const m = this.mutations[this.mutations.length - 1];
    if (!m) return undefined;
    return m.type === 'full'
      ? {
          type: 'full',
          entities: m.entities.map(d => stringifyEntityRef(d.entity)).sort(),
        }
      : {
          type: 'delta',
          added: m.added.map(d => stringifyEntityRef(d.entity)).sort(),
          removed: m.removed
            .map(r =>
              'entityRef' in r ? r.entityRef : stringifyEntityRef(r.entity),
            )
            .sort(),
        };
  }
}
