/** Point-in-time recovery through pgBackRest, and the PITR window. */
export * from './pgBackRestInfo';
export * from './pitr';
