/**
 * A scaffolder form field, `ServiceNamePicker`: a new service's name,
 * checked live against the catalog.
 *
 * @packageDocumentation
 */
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';

const serviceNamePickerField = FormFieldBlueprint.make({
  name: 'service-name-picker',
  params: {
    field: () => import('./field').then(m => m.serviceNameField),
  },
});

/** Adds the ServiceNamePicker field to the scaffolder (feature discovery installs it). */
export default createFrontendModule({
  pluginId: 'scaffolder',
  extensions: [serviceNamePickerField],
});
