import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The tables (material-table) and lazy-loaded pages render slowly on a loaded 2-core machine:
// give async queries and tests room rather than flake.
configure({ asyncUtilTimeout: 10_000 });
jest.setTimeout(60_000);
