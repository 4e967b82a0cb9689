import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getImageTag, setImageTag } from '../scripts/set-image-tag.ts';

const VALUES = `# dev
environment: dev
image:
  # Bumped by CI.
  tag: "" # empty until the first build
autoscaling:
  tag: keep-me
`;

describe('setImageTag', () => {
  it('replaces only image.tag and keeps comments', () => {
    const next = setImageTag(VALUES, '3f2a9c1');
    assert.equal(getImageTag(next), '3f2a9c1');
    assert.match(next, /tag: "3f2a9c1" # empty until the first build/);
    assert.match(next, /# Bumped by CI\./);
    assert.match(next, /autoscaling:\n {2}tag: keep-me/);
  });

  it('refuses tags that are not OCI tags', () => {
    assert.throws(() => setImageTag(VALUES, 'a b'), /not a valid image tag/);
  });

  it('has nothing to promote from an empty tag', () => {
    assert.throws(() => getImageTag(VALUES), /no image.tag set/);
  });
});
