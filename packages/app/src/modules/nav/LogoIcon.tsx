import { makeStyles } from '@material-ui/core';

const useStyles = makeStyles({
  svg: {
    width: 'auto',
    height: 28,
  },
});

/** The ACME mark: a peak on a road, in the portal's teal. */
export const AcmeMark = (props: { className?: string }) => (
  <svg
    className={props.className}
    xmlns="http://www.w3.org/2000/svg"
    viewBox="0 0 32 32"
    aria-hidden="true"
  >
    <rect width="32" height="32" rx="7" fill="#7df3e1" />
    <path d="M5 25 L14 8 L19 17 L22 12 L27 25 Z" fill="#0b3d47" />
    <path d="M14 25 L16.5 19 L19 25 Z" fill="#7df3e1" />
  </svg>
);

export const LogoIcon = () => {
  const classes = useStyles();
  return <AcmeMark className={classes.svg} />;
};
