/**
 * Common library of the paved-road plugin.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './types';
