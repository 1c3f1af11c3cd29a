import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('renders the guest sign-in page with the portal title', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Disaster Recovery Portal' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    render(App.createRoot());

    expect(
      await screen.findByText(/Enter as a Guest User/i, undefined, {
        timeout: 20_000,
      }),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText('Disaster Recovery Portal').length,
    ).toBeGreaterThan(0);
    // The whole app's first render loads every plugin: the wait above, not jest's 5 s default,
    // bounds it.
  }, 30_000);
});
