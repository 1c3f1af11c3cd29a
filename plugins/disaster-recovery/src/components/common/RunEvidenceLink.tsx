import { Link } from '@backstage/core-components';
import { useRouteRef } from '@backstage/core-plugin-api';
import { runRouteRef } from '../../routes';

/** The portal path of a run's evidence page, or undefined when the app does not route to it. */
export function useRunEvidencePath(): (runId: string) => string | undefined {
  let route: ((params: { runId: string }) => string) | undefined;
  try {
    // Called on every render, in the same order: it only throws after its own hooks ran, when
    // the app mounts no page of this plugin (e.g. a legacy app with only the entity tab).
    // eslint-disable-next-line react-hooks/rules-of-hooks
    route = useRouteRef(runRouteRef);
  } catch {
    // an app without the plugin's pages: no link rather than a broken one
    route = undefined;
  }
  return runId => route?.({ runId });
}

/** A link to a run's evidence page in the portal (never the backend's raw run URL). */
export function RunEvidenceLink(props: { runId: string; label?: string }) {
  const path = useRunEvidencePath()(props.runId);
  if (!path) return null;
  return <Link to={path}>{props.label ?? 'Open the evidence page'}</Link>;
}
