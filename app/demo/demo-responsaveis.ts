import type { Responsavel } from '../responsaveis/responsaveis.repository.ts';
import type { Funcao } from '../responsaveis/responsaveis.schemas.ts';
import type { DemoUgRecord } from './demo-contratacoes.ts';
import { demoPessoa } from './demo-people.ts';
import type { SeededRandom } from './random.ts';

const funcoesPorUg: Funcao[] = ['gestor', 'ordenador_despesa', 'contador', 'controle_interno', 'responsavel_atos_pessoal'];

/** Each UG's people in each role: the previous term (ended last year) and the current one (open). */
export function demoResponsaveis(random: SeededRandom, ugs: DemoUgRecord[], today: Date): Array<Omit<Responsavel, 'id'>> {
  const year = today.getUTCFullYear();
  return ugs.flatMap((ug) =>
    funcoesPorUg.flatMap((funcao) => [
      { ugId: ug.id, funcao, ...demoPessoa(random), inicio: `${year - 4}-01-01`, fim: `${year - 1}-12-31` },
      { ugId: ug.id, funcao, ...demoPessoa(random), inicio: `${year}-01-0${random.int(1, 9)}`, fim: null },
    ]),
  );
}
