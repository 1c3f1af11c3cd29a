import { TrainingCourseInput } from '../types';

const DAY = 24 * 60 * 60 * 1000;
const ROLES = [
  'incident-commander',
  'technical-lead',
  'communications-lead',
  'business-lead',
  'devops-lead',
];

/** The plan's courses, as the policy defaults have them (test fixture). */
export const COURSES: TrainingCourseInput[] = [
  {
    id: 'onboarding',
    title: 'New employee DR onboarding',
    requiredFor: { everyone: true },
  },
  {
    id: 'quarterly-dr-procedures',
    validity: { ms: 91.3125 * DAY },
    requiredFor: { roles: ROLES, groups: ['group:default/on-call'] },
  },
  {
    id: 'annual-simulation',
    validity: { ms: 365.25 * DAY },
    requiredFor: { roles: ROLES },
  },
  {
    id: 'cross-functional-drill',
    validity: { ms: 365.25 * DAY },
    requiredFor: {
      roles: ['incident-commander', 'technical-lead', 'devops-lead'],
      groups: ['on-call'],
    },
  },
];
