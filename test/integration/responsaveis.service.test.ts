import { expect } from 'chai';
import { ConflictError, NotFoundError, ValidationError } from '../../app/errors/app-error.ts';
import { parseInput } from '../../app/errors/parse.ts';
import { ResponsaveisRepository } from '../../app/responsaveis/responsaveis.repository.ts';
import { responsavelCreateSchema } from '../../app/responsaveis/responsaveis.schemas.ts';
import { ResponsaveisService } from '../../app/responsaveis/responsaveis.service.ts';
import { dateIn } from '../../app/time-zone.ts';
import { UgsRepository } from '../../app/ugs/ugs.repository.ts';
import { keyCaller, rejects } from '../support/services.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { cnpjFrom, cpfFrom } from '../support/fixtures.ts';

describe('ResponsaveisService', () => {
  let database: TestDatabase;
  let service: ResponsaveisService;
  let sequence = 0;

  /** The service over the test database, with its repositories (and a clock, when a test fixes the day). */
  const serviceWith = (now?: () => Date) =>
    new ResponsaveisService({ ugs: new UgsRepository(database.db), responsaveis: new ResponsaveisRepository(database.db) }, now);

  beforeEach(async () => {
    database = await createTestDatabase();
    service = serviceWith();
  });
  afterEach(() => database.destroy());

  /** A UG as test data, written to its table. */
  async function createUg(): Promise<{ id: number }> {
    sequence += 1;
    return {
      id: await new UgsRepository(database.db).insert({
        codigo: `UG${sequence}`,
        nome: `Prefeitura ${sequence}`,
        cnpj: cnpjFrom(sequence),
        agregadoraId: null,
      }),
    };
  }

  /** A term as a surface parses it before it calls the service. */
  const term = (input: Record<string, string | null>) => parseInput(responsavelCreateSchema, input);

  it('records a term with a normalised CPF', async () => {
    const ug = await createUg();
    const r = await service.create(ug.id, term({ cpf: '529.982.247-25', nome: ' Maria ', funcao: 'contador', inicio: '2025-02-01' }));
    expect(r).to.deep.equal({
      id: r.id,
      ugId: ug.id,
      cpf: '52998224725',
      nome: 'Maria',
      funcao: 'contador',
      inicio: '2025-02-01',
      fim: null,
    });
  });

  it('refuses bad CPF check digits, an unknown função, impossible dates and an end before the start, field by field', async () => {
    const ug = await createUg();
    const err = await rejects(
      (async () => service.create(ug.id, term({ cpf: '529.982.247-26', nome: '', funcao: 'prefeito', inicio: '2025-02-30' })))(),
    );
    expect(err).to.be.instanceOf(ValidationError);
    expect((err as ValidationError).fields).to.deep.equal({
      cpf: 'CPF inválido: confira os dígitos verificadores.',
      nome: 'Informe o nome.',
      funcao: 'Escolha uma função válida.',
      inicio: 'Informe o início como AAAA-MM-DD.',
    });
    const backwards = await rejects(
      (async () =>
        service.create(ug.id, term({ cpf: cpfFrom(5), nome: 'A', funcao: 'gestor', inicio: '2025-02-01', fim: '2025-01-31' })))(),
    );
    expect((backwards as ValidationError).fields).to.deep.equal({ fim: 'O fim não pode ser anterior ao início.' });
  });

  it('refuses the same person, função and start twice in a UG, and a UG that does not exist', async () => {
    const ug = await createUg();
    const input = { cpf: cpfFrom(9), nome: 'A', funcao: 'gestor' as const, inicio: '2025-01-01' };
    await service.create(ug.id, input);
    expect(await rejects(service.create(ug.id, input))).to.be.instanceOf(ConflictError);
    expect(await rejects(service.create(999999, input))).to.be.instanceOf(NotFoundError);
  });

  it('lists only the asked UG, and only when it is visible; somenteAtuais counts days in Brasília time', async () => {
    const [a, b] = [await createUg(), await createUg()];
    // 02:00 UTC on 1 March is still 28 February in Brazil: a term ending on the 28th is current.
    const service = serviceWith(() => new Date('2026-03-01T02:00:00Z'));
    const ended = await service.create(a.id, {
      cpf: cpfFrom(1),
      nome: 'Fim hoje',
      funcao: 'gestor',
      inicio: '2025-01-01',
      fim: '2026-02-28',
    });
    const future = await service.create(a.id, { cpf: cpfFrom(2), nome: 'Começa amanhã', funcao: 'gestor', inicio: '2026-03-01' });
    await service.create(b.id, { cpf: cpfFrom(3), nome: 'De outra UG', funcao: 'contador', inicio: '2025-01-01' });
    const all = await service.listForUg(keyCaller(a.id, [a.id, b.id]), a.id, {}, { limit: 10 });
    expect(all.items.map((r) => r.id)).to.deep.equal([ended.id, future.id]);
    const current = await service.listForUg(keyCaller(a.id, [a.id]), a.id, { somenteAtuais: true }, { limit: 10 });
    expect(current).to.deep.equal({ items: [ended], totalCount: 1, totalCountExact: true, nextAfterId: null });
    expect(await rejects(service.listForUg(keyCaller(b.id, [b.id]), a.id, {}, { limit: 10 }))).to.be.instanceOf(NotFoundError);
    expect(dateIn('America/Sao_Paulo', new Date('2026-03-01T03:00:00Z'))).to.equal('2026-03-01');
  });
});
