export { RunEvidencePage, LegacyRunEvidencePage } from './RunEvidencePage';
export {
  RunEvidence,
  RunEvidenceContent,
  acceptedRisksOf,
  auditTrailOf,
  purposeText,
} from './RunEvidence';
