export * from './constants';
export * from './catalogDuration';
export * from './types';
export * from './schemas';
export * from './validators';
export * from './evidence';
export * from './runbookReview';
