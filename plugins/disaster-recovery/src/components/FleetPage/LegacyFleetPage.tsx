import { Content, Header, Page } from '@backstage/core-components';
import { FleetPageContent } from './FleetPage';

/** The fleet page with its own header, for apps on the legacy frontend system. */
export function LegacyFleetPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Disaster recovery"
        subtitle="Recovery posture of every tenant and database"
      />
      <Content>
        <FleetPageContent />
      </Content>
    </Page>
  );
}
