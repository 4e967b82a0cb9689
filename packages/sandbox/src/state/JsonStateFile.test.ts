import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { JsonStateFile } from './JsonStateFile';

describe('JsonStateFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'state-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips what was saved, writing once per burst', () => {
    const file = new JsonStateFile<{ n: number }>(path.join(dir, 'a/s.json'));
    expect(file.load()).toBeUndefined();
    const snapshot = jest.fn((n: number) => ({ n }));
    file.save(() => snapshot(1));
    file.save(() => snapshot(2));
    file.save(() => snapshot(3));
    file.flush();
    expect(snapshot).toHaveBeenCalledTimes(1);
    expect(new JsonStateFile(file.file).load()).toEqual({ n: 3 });
  });

  it('moves a corrupt file aside instead of failing', () => {
    const target = path.join(dir, 's.json');
    fs.writeFileSync(target, '{not json');
    const errors: unknown[] = [];
    const file = new JsonStateFile(target, { onError: e => errors.push(e) });
    expect(file.load()).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(fs.existsSync(target)).toBe(false);
    expect(fs.readdirSync(dir).some(f => f.startsWith('s.json.corrupt-'))).toBe(
      true,
    );
  });

  it('clear forgets the state and a pending save', () => {
    const file = new JsonStateFile<number>(path.join(dir, 's.json'));
    file.save(() => 1);
    file.flush();
    file.save(() => 2);
    file.clear();
    file.flush();
    expect(file.load()).toBeUndefined();
  });
});
