import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { BASE, clientApi, makeBackups } from '../../__testUtils__/fixtures';
import { BackupPicker, RestoredCopyPicker } from './RecoveryPickers';

const ENTITY = `${BASE}/entities/resource/default/ecommerce-db`;

function pickerProps(overrides: Record<string, unknown>) {
  const onChange = jest.fn();
  const props: any = {
    onChange,
    formData: undefined,
    schema: { title: 'Backup', description: 'Which backup' },
    uiSchema: {},
    idSchema: { $id: 'root_backupKey' },
    rawErrors: [],
    required: true,
    formContext: { formData: { entityRef: 'resource:default/ecommerce-db' } },
    ...overrides,
  };
  return { props, onChange };
}

describe('scaffolder recovery pickers', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let backupRequests: URL[];

  beforeEach(() => {
    backupRequests = [];
    server.use(
      http.get(`${ENTITY}/backups`, ({ request }) => {
        backupRequests.push(new URL(request.url));
        return HttpResponse.json({ items: makeBackups(3), totalItems: 3 });
      }),
      http.get(`${ENTITY}/restored-copies`, () =>
        HttpResponse.json({
          items: [
            {
              kind: 'restore',
              name: 'ecommerce_restore_20261124093000',
              database: 'ecommerce_restore_20261124093000',
              createdAt: '2026-11-24T09:30:00Z',
              sizeBytes: 5 * 1024 * 1024,
            },
          ],
        }),
      ),
    );
  });

  it("offers the chosen entity's backups, newest by time first, and sets the key", async () => {
    const { props, onChange } = pickerProps({});
    await renderInTestApp(<BackupPicker {...props} />, {
      apis: [clientApi()],
    });
    await waitFor(() => expect(backupRequests).toHaveLength(1));
    expect(backupRequests[0].searchParams.get('limit')).toBe('50');
    await userEvent.click(screen.getByRole('button', { name: 'Backup' }));
    const list = await screen.findByRole('listbox');
    const options = within(list).getAllByRole('option');
    expect(options[0]).toHaveTextContent('Newest by time');
    expect(options).toHaveLength(4);
    const backups = makeBackups(3);
    await userEvent.click(options[2]);
    expect(onChange).toHaveBeenCalledWith(backups[1].key);
  });

  it('asks for the entity first when none is chosen', async () => {
    const { props } = pickerProps({ formContext: { formData: {} } });
    await renderInTestApp(<BackupPicker {...props} />, {
      apis: [clientApi()],
    });
    expect(
      screen.getByText('Choose the database or tenant first.'),
    ).toBeInTheDocument();
    expect(backupRequests).toHaveLength(0);
  });

  it('offers the restored copies of the chosen entity by name', async () => {
    const { props, onChange } = pickerProps({
      schema: { title: 'Restored copy' },
    });
    await renderInTestApp(<RestoredCopyPicker {...props} />, {
      apis: [clientApi()],
    });
    const button = screen.getByRole('button', { name: 'Restored copy' });
    await waitFor(() => expect(button).not.toHaveAttribute('aria-disabled'));
    await userEvent.click(button);
    const option = await screen.findByRole('option', {
      name: /ecommerce_restore_20261124093000: restored database/,
    });
    expect(option).toHaveTextContent('5.0 MiB');
    await userEvent.click(option);
    expect(onChange).toHaveBeenCalledWith('ecommerce_restore_20261124093000');
  });
});
