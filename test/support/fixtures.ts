import { cliCaller } from '../../app/caller.ts';
import type { Services } from '../../app/services.ts';
import type { Ug } from '../../app/ugs/ugs.repository.ts';
import type { User } from '../../app/users/users.repository.ts';

export const PASSWORD = 'senha-de-teste-123';

let sequence = 0;

function mod11(values: number[], firstWeight: number, cycle: number): number {
  let weight = firstWeight;
  const sum = values.reduce((acc, v) => {
    const term = acc + v * weight;
    weight = weight === 2 ? cycle : weight - 1;
    return term;
  }, 0);
  const rest = sum % 11;
  return rest < 2 ? 0 : 11 - rest;
}

/** A valid CPF built from a number (an independent implementation of the check digits). */
export function cpfFrom(n: number): string {
  const base = String(100000000 + (n % 800000000))
    .padStart(9, '0')
    .split('')
    .map(Number);
  const d1 = mod11(base, 10, 10);
  const d2 = mod11([...base, d1], 11, 11);
  return [...base, d1, d2].join('');
}

/** A valid numeric CNPJ built from a number. */
export function cnpjFrom(n: number): string {
  const base = `${String(10000000 + (n % 89999999)).padStart(8, '0')}0001`.split('').map(Number);
  const d1 = mod11(base, 5, 9);
  const d2 = mod11([...base, d1], 6, 9);
  return [...base, d1, d2].join('');
}

export async function createUser(services: Services, opts: { email?: string; nome?: string; isAdmin?: boolean } = {}): Promise<User> {
  sequence += 1;
  const unique = (Date.now() % 100000) * 100 + sequence;
  return services.users.create(
    {
      nome: opts.nome ?? `Pessoa ${unique}`,
      cpf: cpfFrom(unique),
      email: opts.email ?? `pessoa${unique}@exemplo.gov.br`,
      password: PASSWORD,
      isAdmin: opts.isAdmin ?? false,
    },
    cliCaller,
  );
}

export async function createUg(services: Services, opts: { codigo?: string; nome?: string; agregadora?: string } = {}): Promise<Ug> {
  sequence += 1;
  const unique = (Date.now() % 100000) * 100 + sequence;
  return services.ugs.create(
    {
      codigo: opts.codigo ?? `UG${unique}`,
      nome: opts.nome ?? `Prefeitura ${unique}`,
      cnpj: cnpjFrom(unique),
      agregadora: opts.agregadora,
    },
    cliCaller,
  );
}

/** A UG with a gestor, a plain member and an unrelated user, and a Sys Admin: the roles of the permission matrix. */
export async function createUgWithPeople(services: Services) {
  const ug = await createUg(services);
  const [gestor, member, outsider, admin] = await Promise.all([
    createUser(services, { nome: 'Gestora Ana' }),
    createUser(services, { nome: 'Membro Bruno' }),
    createUser(services, { nome: 'Carla de Fora' }),
    createUser(services, { nome: 'Admin Davi', isAdmin: true }),
  ]);
  await services.ugs.setGestor(ug.codigo, gestor.email, cliCaller);
  await services.ugs.addMember(ug.codigo, member.email, cliCaller);
  return { ug, gestor, member, outsider, admin };
}
