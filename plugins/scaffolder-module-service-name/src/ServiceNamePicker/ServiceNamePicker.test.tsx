import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { useState } from 'react';
import { ServiceNamePicker, serviceNameValidation } from './ServiceNamePicker';

const taken = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
};

function catalogApi() {
  return {
    getEntities: jest.fn(async ({ filter }: any) => ({
      items: filter['metadata.name'] === 'payments-api' ? [taken] : [],
    })),
  };
}

function Field() {
  const [value, setValue] = useState<string | undefined>();
  return (
    <ServiceNamePicker
      {...({
        onChange: setValue,
        formData: value,
        rawErrors: [],
        required: true,
        schema: { title: 'Name', description: 'A DNS label' },
        uiSchema: {},
        idSchema: { $id: 'root_name' },
      } as any)}
    />
  );
}

describe('ServiceNamePicker', () => {
  it('says live that a name is taken, and that another one is free', async () => {
    const api = catalogApi();
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, api]]}>
        <Field />
      </TestApiProvider>,
    );
    const input = screen.getByRole('textbox', { name: /Name/ });

    fireEvent.change(input, { target: { value: 'payments-api' } });
    expect(
      await screen.findByText(
        'The name payments-api is taken in the catalog (component:default/payments-api); choose another name.',
      ),
    ).toBeInTheDocument();

    fireEvent.change(input, { target: { value: 'orders' } });
    expect(await screen.findByText('orders is free.')).toBeInTheDocument();
    expect(api.getEntities).toHaveBeenLastCalledWith(
      expect.objectContaining({
        filter: {
          kind: ['Component', 'API', 'Resource', 'System'],
          'metadata.name': 'orders',
        },
      }),
    );
  });

  it('does not ask the catalog about a malformed name', async () => {
    const api = catalogApi();
    await renderInTestApp(
      <TestApiProvider apis={[[catalogApiRef, api]]}>
        <Field />
      </TestApiProvider>,
    );
    fireEvent.change(screen.getByRole('textbox', { name: /Name/ }), {
      target: { value: 'Bad_Name' },
    });
    expect(screen.getByText('A DNS label')).toBeInTheDocument();
    await new Promise(r => setTimeout(r, 400));
    expect(api.getEntities).not.toHaveBeenCalled();
  });
});

describe('serviceNameValidation', () => {
  const validate = async (value: string) => {
    const errors: string[] = [];
    await serviceNameValidation(
      value,
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: { get: () => catalogApi() } as any,
        formData: {},
        schema: {},
      },
    );
    return errors;
  };

  it('refuses a taken name when the person moves on', async () => {
    expect(await validate('payments-api')).toEqual([
      'The name payments-api is taken in the catalog (component:default/payments-api); choose another name.',
    ]);
    expect(await validate('orders')).toEqual([]);
  });
});
