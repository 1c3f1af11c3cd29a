/** Verifying a backup, and the checks and warnings of every operation's result. */
export * from './checks';
export * from './verifyBackup';
