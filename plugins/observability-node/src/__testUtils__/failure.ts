import { UpstreamError } from '../http/UpstreamError';

/** What a call rejects with; fails the test unless it is an UpstreamError. */
export async function failure(
  promise: Promise<unknown>,
): Promise<UpstreamError> {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}
