export { RunbookCard } from './RunbookCard';
export { VendorCard } from './VendorCard';
export { TrainingRecordCard } from './TrainingRecordCard';
export { UserTrainingCard } from './UserTrainingCard';
