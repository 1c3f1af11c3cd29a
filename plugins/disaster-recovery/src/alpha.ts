/**
 * The new-frontend-system plugin as the default export of `./alpha`, the entry point Backstage's
 * own plugins (notifications, catalog-graph, org) use for it; the same plugin is also the default
 * export of the package root.
 *
 * @packageDocumentation
 */

export { disasterRecoveryFrontendPlugin as default } from './plugin';
