import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { mountedRoutes } from '../../__testUtils__/fixtures';
import { RecoveryActionsCard, templatePath } from './RecoveryActionsCard';

const tenant: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'tenant-acme', namespace: 'default' },
  spec: { type: 'tenant', owner: 'group:default/team-a' },
  relations: [
    { type: 'hasRunbook', targetRef: 'runbook:default/restore-a-tenant' },
    { type: 'dependsOn', targetRef: 'vendor:default/klarna' },
    { type: 'dependsOn', targetRef: 'resource:default/orders-db' },
  ],
};

describe('RecoveryActionsCard', () => {
  it("opens each tenant template with the tenant chosen, and links the tenant's runbooks and vendors", async () => {
    await renderInTestApp(<RecoveryActionsCard entity={tenant} />, {
      mountedRoutes,
    });
    const restore = (
      await screen.findByText("Restore this tenant's data")
    ).closest('a');
    expect(restore).toHaveAttribute(
      'href',
      '/create/templates/default/restore-tenant-data?formData=%7B%22entityRef%22%3A%22resource%3Adefault%2Ftenant-acme%22%7D',
    );
    // database-only templates are not offered on a tenant
    expect(screen.getByText('Verify a backup')).toBeInTheDocument();
    expect(
      screen.queryByText('Fail over to the standby'),
    ).not.toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'runbook:default/restore-a-tenant' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'vendor:default/klarna' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'resource:default/orders-db' }),
    ).not.toBeInTheDocument();
  });

  it('puts the entity ref into the form data of the template link', () => {
    const url = new URL(
      templatePath('verify-backup', 'resource:default/orders-db'),
      'http://portal',
    );
    expect(JSON.parse(url.searchParams.get('formData')!)).toEqual({
      entityRef: 'resource:default/orders-db',
    });
  });
});
