import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type { IncidentItem } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { BASE, clientApi } from '../../__testUtils__/fixtures';
import { IncidentPicker } from './IncidentPicker';

const FIND = { timeout: 15_000 };

function open(id: string, title: string): IncidentItem {
  return {
    id,
    severity: 'SEV-1',
    title,
    status: 'investigating',
    impact: 'No orders',
    affected: { tenants: [], systems: [], databases: [] },
    startedAt: new Date(Date.now() - 3_600_000).toISOString(),
    declaredAt: new Date().toISOString(),
    declaredBy: 'user:default/guest',
    roles: {},
    lastUpdateAt: new Date().toISOString(),
    drill: false,
  };
}

function pickerProps(formData?: string) {
  const onChange = jest.fn();
  const props: any = {
    onChange,
    formData,
    schema: { title: 'Incident', description: 'The incident the run serves' },
    uiSchema: {},
    idSchema: { $id: 'root_incidentId' },
    rawErrors: [],
    required: false,
    formContext: { formData: {} },
  };
  return { props, onChange };
}

describe('DrIncidentPicker', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let queries: URLSearchParams[];

  beforeEach(() => {
    queries = [];
    server.use(
      http.get(`${BASE}/incidents`, ({ request }) => {
        queries.push(new URL(request.url).searchParams);
        const items = [
          open('INC-2026-004', 'Checkout down'),
          open('INC-2026-003', 'Slow search'),
        ];
        return HttpResponse.json({ items, totalItems: 2 });
      }),
    );
  });

  it('offers the open incidents and none; choosing one gives its id, none clears it', async () => {
    const { props, onChange } = pickerProps('INC-2026-003');
    await renderInTestApp(<IncidentPicker {...props} />, {
      apis: [clientApi()],
    });
    const select = await screen.findByRole(
      'button',
      { name: 'Incident' },
      FIND,
    );
    // the chosen incident is shown with its severity and title once the list is loaded
    await waitFor(
      () =>
        expect(select).toHaveTextContent(/^INC-2026-003 · SEV-1 · Slow search/),
      FIND,
    );
    expect(queries[0].get('state')).toBe('open');
    await userEvent.click(select);
    const list = await screen.findByRole('listbox', {}, FIND);
    expect(
      within(list)
        .getAllByRole('option')
        .map(o => o.textContent?.split(' · ')[0]),
    ).toEqual(['None', 'INC-2026-004', 'INC-2026-003']);
    await userEvent.click(within(list).getByText(/^INC-2026-004/));
    expect(onChange).toHaveBeenLastCalledWith('INC-2026-004');

    await userEvent.click(select);
    await userEvent.click(
      within(await screen.findByRole('listbox', {}, FIND)).getByText('None'),
    );
    expect(onChange).toHaveBeenLastCalledWith(undefined);
  });

  it('says so when no incident is open', async () => {
    server.use(
      http.get(`${BASE}/incidents`, () =>
        HttpResponse.json({ items: [], totalItems: 0 }),
      ),
    );
    const { props } = pickerProps();
    await renderInTestApp(<IncidentPicker {...props} />, {
      apis: [clientApi()],
    });
    expect(
      await screen.findByText(
        'No incident is open: the run serves none.',
        {},
        FIND,
      ),
    ).toBeInTheDocument();
  });
});
