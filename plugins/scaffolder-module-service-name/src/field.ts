import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import { ServiceNamePicker, serviceNameValidation } from './ServiceNamePicker';

/** `ui:field: ServiceNamePicker` in a template. */
export const serviceNameField = createFormField({
  name: 'ServiceNamePicker',
  component: ServiceNamePicker,
  validation: serviceNameValidation,
});
