import { DEFAULT_WORLD_DIR } from '../../server';
import { World } from '../../world/World';
import { profileOf } from './serviceProfile';
import { servedSlots, traceAt, TRACE_PERIOD_MS } from './traceGenerator';

describe('traceAt and servedSlots: traces only where something serves', () => {
  const period = TRACE_PERIOD_MS.dev;
  const slot = Math.floor(Date.parse('2026-03-02T12:00:00Z') / period);
  const slotStart = slot * period;
  let world: World;
  let untouched: World;

  beforeEach(() => {
    world = World.fromCatalogDirectory(DEFAULT_WORLD_DIR);
    untouched = World.fromCatalogDirectory(DEFAULT_WORLD_DIR);
  });

  const trace = (w: World, s: number) =>
    traceAt(w, profileOf(w, 'cart-service')!, 'dev', s);

  it('has no trace while nothing serves, one soon after the first deploy, and the usual ones after', () => {
    const deployedAt = slotStart + 30_000;
    world.recordServing(
      'cart-service',
      'dev',
      null,
      new Date(slotStart - 3_600_000),
    );
    world.recordServing(
      'cart-service',
      'dev',
      { stable: 'abc123' },
      new Date(deployedAt),
    );

    expect(trace(world, slot - 1)).toBeUndefined();
    const first = trace(world, slot)!;
    expect(first.startMs).toBeGreaterThanOrEqual(deployedAt);
    expect(first.startMs).toBeLessThan(deployedAt + period / 10);
    // The same trace for the same slot, every time (its id means it).
    expect(trace(world, slot)!.traceId).toBe(first.traceId);
    // A slot served throughout has the trace it always had.
    const later = trace(world, slot + 2)!;
    expect(later.startMs).toBe(trace(untouched, slot + 2)!.startMs);
    expect(
      later.resourceSpans.resource?.attributes?.find(
        a => a.key === 'k8s.pod.labels.rollouts-pod-template-hash',
      )?.value.stringValue,
    ).toBe('abc123');

    // A search walks the served slots only, newest first.
    expect([
      ...servedSlots(
        world,
        'cart-service',
        'dev',
        slotStart - 3_600_000,
        slotStart + 3 * period,
      ),
    ]).toEqual([slot + 2, slot + 1, slot]);
    expect([
      ...servedSlots(
        world,
        'cart-service',
        'dev',
        slotStart - 3_600_000,
        slotStart + 3 * period,
        'oldest',
      ),
    ]).toEqual([slot, slot + 1, slot + 2]);
  });

  it('starts right after a deploy that lands on the start of a slot', () => {
    world.recordServing(
      'cart-service',
      'dev',
      null,
      new Date(slotStart - period),
    );
    world.recordServing(
      'cart-service',
      'dev',
      { stable: 'abc123' },
      new Date(slotStart),
    );
    const first = trace(world, slot)!;
    expect(first.startMs).toBeGreaterThanOrEqual(slotStart);
    expect(first.startMs).toBeLessThan(slotStart + period / 10);
    expect(trace(world, slot - 1)).toBeUndefined();
  });
});
