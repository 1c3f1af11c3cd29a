import { ReactNode } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';

/** The state of one asynchronous load, as `useAsync` returns it. */
export interface LoadState<T> {
  loading: boolean;
  error?: Error;
  value?: T;
}

/**
 * Renders a load: progress while the first load runs, an error panel on failure, else the children
 * with the value (the previous value while a reload runs).
 */
export function AsyncSection<T>(props: {
  state: LoadState<T>;
  title?: string;
  children: (value: T) => ReactNode;
}) {
  const { state } = props;
  // a reload keeps showing the previous value instead of flashing a progress bar
  if (state.loading && state.value === undefined) return <Progress />;
  if (state.error) {
    return <ResponseErrorPanel error={state.error} title={props.title} />;
  }
  if (state.value === undefined) return null;
  return <>{props.children(state.value)}</>;
}
