import Typography from '@material-ui/core/Typography';

/** The message of a failed action, announced to screen readers. */
export function ErrorText(props: { error?: Error }) {
  if (!props.error) return null;
  return (
    <Typography color="error" role="alert" variant="body2">
      {props.error.message}
    </Typography>
  );
}
