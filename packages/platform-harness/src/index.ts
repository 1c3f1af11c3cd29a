/**
 * Platform harness: starts and stops the real services the product acts on.
 *
 * @packageDocumentation
 */
export {};
