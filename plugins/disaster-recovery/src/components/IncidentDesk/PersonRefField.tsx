import { useId } from 'react';
import TextField from '@material-ui/core/TextField';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef, type Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

function label(entity: Entity): string {
  const profile = (entity.spec as { profile?: { displayName?: string } })
    ?.profile;
  return profile?.displayName ?? entity.metadata.title ?? entity.metadata.name;
}

/** The catalog's users and groups, as refs with a readable name, for the desk's people fields. */
export function useCatalogPeople() {
  const catalog = useApi(catalogApiRef);
  return useAsync(async () => {
    const { items } = await catalog.getEntities({
      filter: { kind: ['User', 'Group'] },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
    });
    return items
      .map(e => ({ ref: stringifyEntityRef(e), label: label(e) }))
      .sort((a, b) => a.ref.localeCompare(b.ref));
  }, [catalog]);
}

/**
 * A text field for a user or group entity ref that suggests the catalog's users and groups as
 * the user types (a native autocomplete list), and still takes any ref.
 */
export function PersonRefField(props: {
  label: string;
  ariaLabel: string;
  value: string;
  onChange: (value: string) => void;
  people: Array<{ ref: string; label: string }>;
  style?: React.CSSProperties;
}) {
  const listId = `dr-people-${useId().replace(/:/g, '')}`;
  return (
    <>
      <TextField
        size="small"
        label={props.label}
        value={props.value}
        onChange={e => props.onChange(e.target.value)}
        placeholder="user:default/name or group:default/name"
        inputProps={{ 'aria-label': props.ariaLabel, list: listId }}
        style={props.style}
      />
      <datalist id={listId}>
        {props.people.map(p => (
          <option key={p.ref} value={p.ref}>
            {p.label}
          </option>
        ))}
      </datalist>
    </>
  );
}
