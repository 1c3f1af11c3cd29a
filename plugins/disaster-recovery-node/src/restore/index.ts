/** Restoring a database or one tenant from a dump, and the copies restores leave behind. */
export * from './restoreDatabase';
export * from './restoreTenant';
export * from './restoredCopies';
