import { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';

/** One line of a card: a fixed-width label, then its content, wrapping when narrow. */
export function LabelledRow(props: {
  label: string;
  children: ReactNode;
  labelWidth?: number;
}) {
  return (
    <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 8 }}>
      <Typography
        variant="subtitle2"
        component="span"
        style={{ width: props.labelWidth ?? 90 }}
      >
        {props.label}
      </Typography>
      {props.children}
    </Box>
  );
}
