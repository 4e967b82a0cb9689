import { makeStyles } from '@material-ui/core';
import { AcmeMark } from './LogoIcon';

const useStyles = makeStyles({
  root: {
    display: 'flex',
    alignItems: 'center',
    gap: 10,
    color: '#ffffff',
    whiteSpace: 'nowrap',
  },
  mark: {
    height: 30,
    width: 'auto',
  },
  name: {
    fontSize: 20,
    fontWeight: 700,
    letterSpacing: 0.3,
  },
});

/** The mark and the portal's name, for the open sidebar. */
export const LogoFull = () => {
  const classes = useStyles();
  return (
    <span className={classes.root}>
      <AcmeMark className={classes.mark} />
      <span className={classes.name}>ACME portal</span>
    </span>
  );
};
