import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { apiErrors, apiErrorTable } from '../../app/api/error-catalog.ts';
import { RecordNotUniqueError, translateDatabaseError } from '../../app/db/errors.ts';
import * as catalog from '../../app/errors/app-error.ts';
import { AppError, ConflictError, errorSpecs, FieldRuleError, FieldsError, StateConflictError } from '../../app/errors/app-error.ts';

const root = join(import.meta.dirname, '..', '..');

/** The `status code` pairs of README's error table (a row may name several codes of one status). */
function readmeErrorRows(): string[] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('| status | code | when |'));
  const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
  return rows.flatMap((row) => {
    const [, status = '', codes = ''] = row.split('|').map((cell) => cell.trim());
    return [...codes.matchAll(/`([A-Z_]+)`/g)].map(([, code]) => `${status} ${code}`);
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('the error catalog', () => {
  it('defines each code once, each by one class of app/errors/app-error.ts, with a message and a description', () => {
    const codes = errorSpecs().map((spec) => spec.code);
    expect(codes).to.have.length(new Set(codes).size);
    const families: unknown[] = [AppError, FieldsError, StateConflictError, FieldRuleError];
    const classes = Object.values(catalog).filter(
      (value) => typeof value === 'function' && value.prototype instanceof Error && !families.includes(value),
    );
    expect(classes.map((value) => (value as unknown as { spec: { code: string } }).spec.code)).to.have.members(codes);
    for (const spec of errorSpecs()) {
      expect(spec.message, spec.code).to.match(/\.$/);
      expect(spec.description, spec.code).to.match(/\.$/);
    }
  });

  it('documents for integrators every code /api answers, with the catalog’s status, and no internal reference', () => {
    for (const [code, { example, description }] of Object.entries(apiErrors)) {
      expect(example.code).to.equal(code);
      const spec = errorSpecs().find((s) => s.code === code);
      expect(spec, code).to.include({ status: example.status, description });
      expect(description).not.to.match(/documento de origem|source document/i);
    }
    expect(apiErrorTable().map((row) => row.code)).to.include.members([
      'BAD_REQUEST',
      'FORBIDDEN',
      'PRECONDITION_FAILED',
      'CONTRATACAO_HOMOLOGADA',
      'IDEMPOTENCY_KEY_REUSED',
      'UG_CYCLE',
      'UG_IN_USE',
      'UG_TRIBUNAL',
      'UG_INACTIVE',
      'UG_GESTOR_REQUIRED',
    ]);
  });

  it('is what README’s error table lists, code by code and status by status', () => {
    expect(readmeErrorRows()).to.have.members(apiErrorTable().map((row) => `${row.status} ${row.code}`));
  });

  it('is the only place a code is spelled: no throw site builds an AppError from a code string', () => {
    const offenders = sourceFiles(join(root, 'app'))
      .filter((path) => !path.includes(join('app', 'errors')))
      .filter((path) => /new \w*Error\(\s*(\d+,\s*)?'[A-Z][A-Z_]+'/.test(readFileSync(path, 'utf8')));
    expect(offenders).to.deep.equal([]);
  });
});

describe('translateDatabaseError', () => {
  const fields = { numeroProcesso: 'Já existe esta contratação.', ano: 'Outro ano.' };

  it('turns SQLite’s unique violation into a conflict naming the first field of the constraint', () => {
    const err = Object.assign(
      new Error('insert … - UNIQUE constraint failed: contratacoes.ug_id, contratacoes.numero_processo, contratacoes.ano'),
      {
        code: 'SQLITE_CONSTRAINT_UNIQUE',
      },
    );
    const translated = translateDatabaseError(err, fields, 'Duplicada.') as RecordNotUniqueError;
    expect(translated).to.be.instanceOf(RecordNotUniqueError).and.instanceOf(ConflictError);
    expect(translated).to.include({ status: 409, code: 'CONFLICT', message: 'Duplicada.', table: 'contratacoes', cause: err });
    expect(translated.columns).to.deep.equal(['ug_id', 'numero_processo', 'ano']);
    expect(translated.fields).to.deep.equal({ numeroProcesso: 'Já existe esta contratação.' });
  });

  it('reads PostgreSQL’s 23505 the same way, and falls back to the first field for a column it does not show', () => {
    const err = Object.assign(new Error('duplicate key value violates unique constraint "x"'), {
      code: '23505',
      table: 'contratacoes',
      detail: 'Key (ano)=(2026) already exists.',
    });
    const translated = translateDatabaseError(err, fields) as RecordNotUniqueError;
    expect(translated).to.include({ table: 'contratacoes', message: 'Já existe um registro com estes dados.' });
    expect(translated.fields).to.deep.equal({ ano: 'Outro ano.' });
    const other = translateDatabaseError(
      Object.assign(new Error('dup'), { code: '23505', detail: 'Key (client_id)=(x) already exists.' }),
      fields,
    ) as RecordNotUniqueError;
    expect(other.fields).to.deep.equal({ numeroProcesso: 'Já existe esta contratação.' });
  });

  it('returns any other error as it is', () => {
    const err = Object.assign(new Error('FOREIGN KEY constraint failed'), { code: 'SQLITE_CONSTRAINT_FOREIGNKEY' });
    expect(translateDatabaseError(err, fields)).to.equal(err);
  });
});
