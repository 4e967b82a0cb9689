/**
 * An API whose implementation is imported on its first call, not when the
 * app starts: `methods` names every method of `T` (the compiler checks that
 * none is missing), each of which must return a promise. The module is
 * imported once; its chunk stays out of the first load.
 */
export function lazyApi<T extends object>(
  load: () => Promise<T>,
  methods: { [K in keyof T]: true },
): T {
  let loading: Promise<T> | undefined;
  const api = () => {
    loading ??= load().catch(error => {
      // A failed chunk load (a deploy replaced it, the network blipped)
      // is tried again on the next call, not remembered forever.
      loading = undefined;
      throw error;
    });
    return loading;
  };
  const proxy = {} as Record<keyof T, (...args: unknown[]) => Promise<unknown>>;
  for (const name of Object.keys(methods) as Array<keyof T>) {
    proxy[name] = async (...args: unknown[]) => {
      const target = (await api()) as Record<
        keyof T,
        (...a: unknown[]) => Promise<unknown>
      >;
      return target[name](...args);
    };
  }
  return proxy as unknown as T;
}
