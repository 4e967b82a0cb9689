import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import TextField from '@mui/material/TextField';
import { useEffect, useState } from 'react';
import { findTakenName, isWellFormed, takenMessage } from './takenName';

type Check =
  | { state: 'idle' }
  | { state: 'checking' }
  | { state: 'free' }
  | { state: 'taken'; ref: string }
  | { state: 'unknown' };

/**
 * A text field for a new service's name that asks the catalog, while the
 * person types, whether the name is taken, and says so next to the field.
 * The form's validation (`serviceNameValidation`) asks again on Next, and
 * the scaffolder backend a last time before anything is created.
 */
export const ServiceNamePicker = (
  props: FieldExtensionComponentProps<string>,
) => {
  const {
    onChange,
    rawErrors,
    required,
    formData,
    schema,
    uiSchema,
    idSchema,
  } = props;
  const catalogApi = useApi(catalogApiRef);
  const [check, setCheck] = useState<Check>({ state: 'idle' });

  useEffect(() => {
    if (!isWellFormed(formData)) {
      setCheck({ state: 'idle' });
      return undefined;
    }
    let cancelled = false;
    setCheck({ state: 'checking' });
    // Wait for a pause in typing: one catalog query per name, not per key.
    const timer = setTimeout(() => {
      findTakenName(catalogApi, formData).then(
        ref => {
          if (!cancelled)
            setCheck(ref ? { state: 'taken', ref } : { state: 'free' });
        },
        () => {
          if (!cancelled) setCheck({ state: 'unknown' });
        },
      );
    }, 300);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [catalogApi, formData]);

  let helperText: string | undefined = schema.description;
  if (check.state === 'taken') helperText = takenMessage(formData!, check.ref);
  else if (check.state === 'free') helperText = `${formData} is free.`;
  else if (check.state === 'checking') helperText = 'Checking the catalog…';
  else if (check.state === 'unknown')
    helperText =
      'Could not ask the catalog; the name is checked again on submit.';

  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Name'}
      placeholder={uiSchema?.['ui:placeholder'] as string | undefined}
      required={required}
      value={formData ?? ''}
      onChange={event => onChange(event.target.value)}
      error={(rawErrors?.length ?? 0) > 0 || check.state === 'taken'}
      helperText={helperText}
      margin="normal"
      fullWidth
      // Only when the template asks (ui:autofocus), as Backstage's own
      // EntityNamePicker does: the name is the first field of its form.
      // eslint-disable-next-line jsx-a11y/no-autofocus
      autoFocus={!!uiSchema?.['ui:autofocus']}
    />
  );
};

/** Refuses a taken name when the person moves on (Next or Review). */
export const serviceNameValidation: CustomFieldValidator<string> = async (
  value,
  validation,
  { apiHolder },
) => {
  const catalogApi = apiHolder.get(catalogApiRef);
  if (!catalogApi || !isWellFormed(value)) return; // the schema says what is wrong
  const ref = await findTakenName(catalogApi, value);
  if (ref) validation.addError(takenMessage(value, ref));
};
