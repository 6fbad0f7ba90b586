import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';

const root = path.resolve(import.meta.dirname, '../..');

function files(dir: string, pattern: RegExp): string[] {
  return fs
    .readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => pattern.test(name))
    .map((name) => path.join(dir, name));
}

const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** The files among `candidates` whose text matches `pattern`, with the first matching line. */
function offenders(candidates: string[], pattern: RegExp): string[] {
  return candidates.flatMap((file) => {
    const line = read(file)
      .split('\n')
      .find((text) => pattern.test(text));
    return line === undefined ? [] : [`${file}: ${line.trim()}`];
  });
}

const services = files('app', /\.service\.ts$/);

describe('the service boundary (DESIGN.md §3)', () => {
  it('services take typed input: no service parses it again, nor takes an unknown parameter', () => {
    expect(services).to.have.length.above(10);
    expect(offenders(services, /\bparseInput\b/)).to.deep.equal([]);
    expect(offenders(services, /^\s+(?:async\s+)?\w+\([^)]*:\s*unknown\b/)).to.deep.equal([]);
  });

  it('services name the repositories they use: there is no registry of every repository', () => {
    expect(offenders(files('app', /\.ts$/), /(?<!session\.)\b(?:Store|Repositories|createRepositories)\b|\.repos\./)).to.deep.equal([]);
  });

  it('no migration imports live code, whose changes would silently change what it did', () => {
    expect(offenders(files('db/migrations', /\.ts$/), /from '\.\.\/\.\.\/app\//)).to.deep.equal([]);
  });

  it('the surfaces do not import the app that mounts them', () => {
    expect(offenders([...files('app/portal', /\.ts$/), ...files('app/api', /\.ts$/)], /from '\.\.\/app\.ts'/)).to.deep.equal([]);
  });
});
