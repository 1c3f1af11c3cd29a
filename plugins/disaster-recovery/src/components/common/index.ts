export * from './format';
export { StatusChip, toCheckStatus } from './StatusChip';
export type { StatusChipProps } from './StatusChip';
export { EntityLink, entityRefName } from './EntityLink';
export { AsyncSection } from './AsyncSection';
export type { LoadState } from './AsyncSection';
export { runStatusColor } from './runStatus';
export { LabelledRow } from './LabelledRow';
export { RunEvidenceLink, useRunEvidencePath } from './RunEvidenceLink';
