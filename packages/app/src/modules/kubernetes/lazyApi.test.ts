import { lazyApi } from './lazyApi';

interface Greeter {
  greet(name: string): Promise<string>;
  count(): Promise<number>;
}

describe('lazyApi', () => {
  it('imports the implementation on the first call only, once', async () => {
    let calls = 0;
    const load = jest.fn(
      async (): Promise<Greeter> => ({
        greet: async name => `hello ${name}`,
        count: async () => ++calls,
      }),
    );
    const api = lazyApi(load, { greet: true, count: true });
    expect(load).not.toHaveBeenCalled();

    await expect(api.greet('lena')).resolves.toBe('hello lena');
    await expect(Promise.all([api.count(), api.count()])).resolves.toEqual([
      1, 2,
    ]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('passes a failed import to the caller and tries again on the next call', async () => {
    const load = jest
      .fn<Promise<Greeter>, []>()
      .mockRejectedValueOnce(new Error('ChunkLoadError'))
      .mockResolvedValue({
        greet: async name => `hi ${name}`,
        count: async () => 0,
      });
    const api = lazyApi(load, { greet: true, count: true });

    await expect(api.greet('a')).rejects.toThrow('ChunkLoadError');
    await expect(api.greet('b')).resolves.toBe('hi b');
    expect(load).toHaveBeenCalledTimes(2);
  });
});
