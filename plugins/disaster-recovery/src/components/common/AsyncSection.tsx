import { ReactNode } from 'react';
import { Progress, ResponseErrorPanel } from '@backstage/core-components';

/** The state of one asynchronous load, as `useAsync` returns it. */
export interface LoadState<T> {
  loading: boolean;
  error?: Error;
  value?: T;
}

/** Renders a load: progress while loading, an error panel on failure, else the children with the value. */
export function AsyncSection<T>(props: {
  state: LoadState<T>;
  title?: string;
  children: (value: T) => ReactNode;
}) {
  const { state } = props;
  if (state.loading) return <Progress />;
  if (state.error) {
    return <ResponseErrorPanel error={state.error} title={props.title} />;
  }
  if (state.value === undefined) return null;
  return <>{props.children(state.value)}</>;
}
