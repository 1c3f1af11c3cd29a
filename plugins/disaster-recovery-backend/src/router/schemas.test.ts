import { z } from 'zod';
import { parseOperationParameters, parseOperationRequest } from '../operations';
import { parseInput } from './schemas';

// One rule for every edge (routes, training routes, operation requests and parameters): each
// problem is `path: message`, and a problem of the whole input names the input. The operation
// parameters used to say `(body)` for theirs, though parameters are not the body.
describe('the problems of invalid input', () => {
  const schema = z.object({ name: z.string(), tags: z.array(z.string()) });

  it('names each wrong field by its path', () => {
    expect(() =>
      parseInput(schema, { name: 1, tags: ['a', 2] }, 'training record'),
    ).toThrow(/^Invalid training record: name: .+; tags\.1: .+$/);
  });

  it('names the whole input when the input itself is wrong', () => {
    expect(() => parseInput(schema, 'text', 'training record')).toThrow(
      /^Invalid training record: training record: /,
    );
  });

  it('applies the same rule to operation requests and their parameters', () => {
    expect(() => parseOperationRequest('text')).toThrow(
      /^Invalid operation request: operation request: /,
    );
    expect(() => parseOperationParameters('restore', 'text')).toThrow(
      /^Invalid parameters for restore: parameters: /,
    );
  });
});
