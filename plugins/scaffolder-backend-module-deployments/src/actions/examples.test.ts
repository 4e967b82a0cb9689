import { parse } from 'yaml';
import { examples as checkExamples } from './checkServiceName.examples';
import { examples as ownerExamples } from './checkServiceOwner.examples';
import { examples as argoExamples } from './createApplications.examples';
import { examples as resolveExamples } from './resolveRepository.examples';
import { examples as waitExamples } from './waitForEntity.examples';

describe('action examples', () => {
  it.each([
    ['argocd:create-applications', argoExamples],
    ['github:repo:resolve', resolveExamples],
    ['catalog:service-name:check', checkExamples],
    ['catalog:service-owner:check', ownerExamples],
    ['catalog:entity:wait', waitExamples],
  ])(
    '%s: every example is a template step list using the action',
    (id, examples) => {
      for (const example of examples) {
        const { steps } = parse(example.example);
        expect(steps.map((s: { action: string }) => s.action)).toContain(id);
      }
    },
  );
});
