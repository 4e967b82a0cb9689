import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Permission checks and lazy MUI rendering take longer than the default 1 s
// on a loaded CI machine.
configure({ asyncUtilTimeout: 5000 });
