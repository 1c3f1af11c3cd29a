export * from './duration';
export * from './types';
export * from './config';
export * from './defaultPolicyConfig';
export * from './validatePolicy';
export * from './readPolicy';
