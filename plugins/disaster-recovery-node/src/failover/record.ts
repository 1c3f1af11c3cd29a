import { RecordedAction } from './types';

/** A {@link RecordedAction} stamped now. @public */
export function recordAction(action: string, detail: string): RecordedAction {
  return { action, detail, at: new Date().toISOString() };
}
