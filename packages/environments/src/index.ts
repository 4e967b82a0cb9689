/**
 * The portal's one environment model.
 *
 * @packageDocumentation
 */
export * from './environments';
