import { Content, Header, Page } from '@backstage/core-components';
import { useRouteRefParams } from '@backstage/core-plugin-api';
import { runRouteRef } from '../../routes';
import { RunEvidenceContent } from './RunEvidence';

/** The evidence page of the run in the route (`/disaster-recovery/runs/:runId`), new frontend system. */
export function RunEvidencePage() {
  const { runId } = useRouteRefParams(runRouteRef);
  return <RunEvidenceContent runId={runId} />;
}

/** The run evidence page with its own header, for apps on the legacy frontend system. */
export function LegacyRunEvidencePage() {
  const { runId } = useRouteRefParams(runRouteRef);
  return (
    <Page themeId="tool">
      <Header title="Recovery run" subtitle={runId} />
      <Content>
        <RunEvidenceContent runId={runId} />
      </Content>
    </Page>
  );
}
