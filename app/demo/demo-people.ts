import type { SeededRandom } from './random.ts';

const nomes = [
  'Ana',
  'Bruno',
  'Carla',
  'Daniel',
  'Eliane',
  'Fábio',
  'Gabriela',
  'Hélio',
  'Isabela',
  'João',
  'Karina',
  'Luiz',
  'Marta',
  'Nelson',
  'Patrícia',
  'Rafael',
  'Sandra',
  'Tiago',
  'Vânia',
  'Wellington',
];
const sobrenomes = [
  'Almeida',
  'Barcellos',
  'Coutinho',
  'Dalla Bernardina',
  'Ferreira',
  'Gomes',
  'Loureiro',
  'Nascimento',
  'Pimentel',
  'Rocha',
  'Santos',
  'Scardua',
  'Tavares',
  'Vervloet',
  'Zanotti',
];
/** A person with a valid CPF and a name as common in Espírito Santo (Italian and German surnames included). */
export function demoPessoa(random: SeededRandom): { cpf: string; nome: string } {
  return { cpf: random.cpf(), nome: `${random.pick(nomes)} ${random.pick(sobrenomes)} ${random.pick(sobrenomes)}` };
}
