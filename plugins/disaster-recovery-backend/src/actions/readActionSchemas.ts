import { z as zv3 } from 'zod/v3';

type Z = typeof zv3;

/** Attributes of an action that only reads. */
export const READ_ONLY_ACTION = {
  readOnly: true,
  destructive: false,
  idempotent: true,
};

/** The `entityRef` input of the actions that read an entity's evidence. */
export const entityRefInput = (z: Z) =>
  z
    .string()
    .describe(
      'Entity ref of a tenant or database, e.g. resource:default/tenant-acme',
    );
