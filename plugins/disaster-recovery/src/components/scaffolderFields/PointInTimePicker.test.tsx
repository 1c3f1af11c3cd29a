import { fireEvent, screen } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { ApiHolder } from '@backstage/core-plugin-api';
import {
  registerMswTestHooks,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import type { RecoveryWindowResponse } from '@dr-portal/backstage-plugin-disaster-recovery-common';
import { BASE, clientApi } from '../../__testUtils__/fixtures';
import {
  PointInTimePicker,
  fromUtcInput,
  toUtcInput,
  validatePointInTime,
} from './PointInTimePicker';

const ENTITY = `${BASE}/entities/resource/default/ecommerce-db`;

const WINDOW: RecoveryWindowResponse = {
  target: 'ecommerce',
  databaseRef: 'resource:default/ecommerce-db',
  observedAt: new Date().toISOString(),
  pitr: {
    available: true,
    stanza: 'main',
    earliest: '2026-12-01T10:00:01.000Z',
    latest: '2026-12-03T15:00:00.000Z',
    latestSource: 'archiver',
  },
  dumps: [{ key: 'ecommerce/b.dump', takenAt: '2026-12-03T12:00:00.000Z' }],
  totalDumps: 2,
  oldestDumpAt: '2026-12-02T12:00:00.000Z',
};

function pickerProps(overrides: Record<string, unknown>) {
  const onChange = jest.fn();
  const props: any = {
    onChange,
    formData: undefined,
    schema: { title: 'Point in time', description: 'The moment' },
    uiSchema: {},
    idSchema: { $id: 'root_targetTime' },
    rawErrors: [],
    required: true,
    formContext: { formData: { entityRef: 'resource:default/ecommerce-db' } },
    ...overrides,
  };
  return { props, onChange };
}

describe('DrPointInTimePicker', () => {
  const server = setupServer();
  registerMswTestHooks(server);
  let answer: RecoveryWindowResponse;

  beforeEach(() => {
    answer = WINDOW;
    server.use(
      http.get(`${ENTITY}/recovery-window`, () => HttpResponse.json(answer)),
    );
  });

  it('converts between the UTC input and ISO instants', () => {
    expect(toUtcInput('2026-12-03T14:05:09.000Z')).toBe('2026-12-03T14:05:09');
    expect(fromUtcInput('2026-12-03T14:05:09')).toBe('2026-12-03T14:05:09Z');
    expect(fromUtcInput('2026-12-03T14:05')).toBe('2026-12-03T14:05:00Z');
    expect(fromUtcInput('')).toBeUndefined();
  });

  it('shows the recoverable window and the dump times, and sets an ISO instant', async () => {
    const { props, onChange } = pickerProps({});
    await renderInTestApp(<PointInTimePicker {...props} />, {
      apis: [clientApi()],
    });
    expect(
      await screen.findByText(
        /Recoverable to any second from 2026-12-01 10:00:01 UTC to 2026-12-03 15:00:00 UTC \(the latest is the last archived WAL/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /2 dumps, newest 2026-12-03 12:00:00 UTC, oldest 2026-12-02 12:00:00 UTC/,
      ),
    ).toBeInTheDocument();
    fireEvent.change(screen.getByTestId('dr-point-in-time'), {
      target: { value: '2026-12-02T08:30:00' },
    });
    expect(onChange).toHaveBeenCalledWith('2026-12-02T08:30:00Z');
  });

  it('marks a time outside the window at once, naming the window', async () => {
    const { props } = pickerProps({ formData: '2026-12-03T15:00:01Z' });
    await renderInTestApp(<PointInTimePicker {...props} />, {
      apis: [clientApi()],
    });
    expect(
      await screen.findByText(
        /targetTime 2026-12-03T15:00:01.000Z is outside the PITR window 2026-12-01T10:00:01.000Z .. 2026-12-03T15:00:00.000Z of target ecommerce/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('dr-point-in-time')).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('says why there is no window when pgBackRest has none', async () => {
    answer = {
      ...WINDOW,
      pitr: { available: false, reason: 'Target ecommerce has no stanza' },
    };
    const { props } = pickerProps({});
    await renderInTestApp(<PointInTimePicker {...props} />, {
      apis: [clientApi()],
    });
    expect(
      await screen.findByText(
        /No point-in-time restore: Target ecommerce has no stanza/,
      ),
    ).toBeInTheDocument();
  });

  describe('validation before submit', () => {
    async function validate(
      value: string,
      formData: Parameters<typeof validatePointInTime>[2]['formData'],
    ) {
      const [ref, client] = clientApi();
      const errors: string[] = [];
      await validatePointInTime(
        value,
        { addError: (e: string) => errors.push(e) } as any,
        {
          apiHolder: {
            get: ((r: unknown) =>
              r === ref ? client : undefined) as ApiHolder['get'],
          },
          formData,
          schema: { type: 'string' },
        },
      );
      return errors;
    }
    const form = { entityRef: 'resource:default/ecommerce-db' };

    it('passes a time inside the window', async () => {
      await expect(validate('2026-12-02T00:00:00Z', form)).resolves.toEqual([]);
    });

    it('refuses a time outside it with the window in the message', async () => {
      const errors = await validate('2026-12-01T10:00:00Z', form);
      expect(errors).toEqual([
        'targetTime 2026-12-01T10:00:00.000Z is outside the PITR window 2026-12-01T10:00:01.000Z .. 2026-12-03T15:00:00.000Z of target ecommerce',
      ]);
    });

    it('refuses any time when the entity has no PITR window', async () => {
      answer = {
        ...WINDOW,
        pitr: { available: false, reason: 'no backup to restore from' },
      };
      await expect(validate('2026-12-02T00:00:00Z', form)).resolves.toEqual([
        'no backup to restore from',
      ]);
    });

    it('refuses when the window cannot be read', async () => {
      server.use(
        http.get(`${ENTITY}/recovery-window`, () =>
          HttpResponse.json(
            { error: { name: 'Error', message: 'boom' } },
            { status: 500 },
          ),
        ),
      );
      const errors = await validate('2026-12-02T00:00:00Z', form);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        /^Could not read the recoverable window of resource:default\/ecommerce-db: .*500/,
      );
    });
  });
});
