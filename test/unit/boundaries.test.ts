import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import ts from 'typescript';

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

/** Whether a parameter's declared type is `unknown`, or admits it (`unknown | X`, `unknown[]` are as loose). */
function admitsUnknown(type: ts.TypeNode | undefined): boolean {
  if (type === undefined) return false;
  if (type.kind === ts.SyntaxKind.UnknownKeyword) return true;
  if (ts.isUnionTypeNode(type)) return type.types.some(admitsUnknown);
  if (ts.isArrayTypeNode(type)) return admitsUnknown(type.elementType);
  if (ts.isParenthesizedTypeNode(type)) return admitsUnknown(type.type);
  return false;
}

/**
 * The parameters typed `unknown` of the methods and constructors of the classes in `file` (and of its functions), as
 * `file:line method(name)`: read from the syntax tree, so a signature Prettier spreads over several lines counts too.
 */
function unknownParameters(file: string): string[] {
  const source = ts.createSourceFile(file, read(file), ts.ScriptTarget.Latest);
  const found: string[] = [];
  const check = (fn: ts.SignatureDeclaration, owner: string, name = fn.name?.getText(source) ?? 'constructor'): void => {
    for (const param of fn.parameters) {
      if (!admitsUnknown(param.type)) continue;
      const { line } = source.getLineAndCharacterOfPosition(param.getStart(source));
      found.push(`${file}:${line + 1} ${owner}${name}(${param.name.getText(source)})`);
    }
  };
  const visit = (node: ts.Node): void => {
    if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) {
      const owner = `${node.name?.text ?? 'class'}.`;
      for (const member of node.members) {
        if (ts.isFunctionLike(member)) check(member, owner);
        // A method written as a property: `list = (input: unknown) => …`.
        else if (ts.isPropertyDeclaration(member) && member.initializer && ts.isFunctionLike(member.initializer))
          check(member.initializer, owner, member.name.getText(source));
      }
    } else if (ts.isFunctionDeclaration(node)) check(node, '');
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the service boundary (DESIGN.md §3)', () => {
  it('services take typed input: no service parses it again, nor takes an unknown parameter', () => {
    expect(services).to.have.length.above(10);
    expect(offenders(services, /\bparseInput\b/)).to.deep.equal([]);
    expect(services.flatMap(unknownParameters)).to.deep.equal([]);
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
