import { Content, Header, Page } from '@backstage/core-components';
import { IncidentDeskContent } from './IncidentDesk';

/** The incident desk with its own header, for apps on the legacy frontend system. */
export function LegacyIncidentDeskPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Incident desk"
        subtitle="Declare, escalate, communicate and review incidents"
      />
      <Content>
        <IncidentDeskContent />
      </Content>
    </Page>
  );
}
