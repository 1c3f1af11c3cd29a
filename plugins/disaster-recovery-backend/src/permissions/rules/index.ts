import { hasTier } from './hasTier';
import { isEntityOwner } from './isEntityOwner';

/** The permission rules of the disaster-recovery plugin. @public */
export const drPermissionRules = { isEntityOwner, hasTier };

export { hasTier, isEntityOwner };
