/** The demo's unidades gestoras: real Espírito Santo municipalities, the usual kinds of UG, some aggregated. */
export interface DemoUg {
  codigo: string;
  nome: string;
  /** The código of the UG aggregating this one. */
  agregadora?: string;
  kind: 'prefeitura' | 'camara' | 'fundo' | 'previdencia' | 'autarquia';
}

const aggregated: Record<string, Array<[DemoUg['kind'], string]>> = {
  Vitória: [
    ['fundo', 'Fundo Municipal de Saúde de Vitória'],
    ['fundo', 'Fundo Municipal de Assistência Social de Vitória'],
    ['previdencia', 'Instituto de Previdência e Assistência dos Servidores do Município de Vitória'],
  ],
  'Vila Velha': [
    ['fundo', 'Fundo Municipal de Saúde de Vila Velha'],
    ['fundo', 'Fundo Municipal de Educação de Vila Velha'],
    ['previdencia', 'Instituto de Previdência dos Servidores do Município de Vila Velha'],
  ],
  Serra: [
    ['fundo', 'Fundo Municipal de Saúde da Serra'],
    ['fundo', 'Fundo Municipal de Assistência Social da Serra'],
    ['previdencia', 'Instituto de Previdência dos Servidores do Município da Serra'],
  ],
  Cariacica: [
    ['fundo', 'Fundo Municipal de Saúde de Cariacica'],
    ['previdencia', 'Instituto de Previdência dos Servidores do Município de Cariacica'],
  ],
  Linhares: [
    ['autarquia', 'Serviço Autônomo de Água e Esgoto de Linhares'],
    ['fundo', 'Fundo Municipal de Saúde de Linhares'],
  ],
};

/** Prefeituras without aggregation, and the câmaras, which answer for themselves. */
const standalone = [
  'Cachoeiro de Itapemirim',
  'São Mateus',
  'Colatina',
  'Guarapari',
  'Aracruz',
  'Viana',
  'Nova Venécia',
  'Castelo',
  'Domingos Martins',
];
const camaras = ['Vitória', 'Vila Velha', 'Serra', 'Cariacica', 'Colatina'];

const kindCode: Record<DemoUg['kind'], string> = { prefeitura: '01', camara: '02', fundo: '05', previdencia: '06', autarquia: '07' };

function codigo(municipio: number, kind: DemoUg['kind'], seq: number): string {
  return `${String(municipio).padStart(3, '0')}E${kindCode[kind]}${String(seq).padStart(5, '0')}`;
}

function prefeituraNome(municipio: string): string {
  return municipio === 'Serra' ? 'Prefeitura Municipal da Serra' : `Prefeitura Municipal de ${municipio}`;
}

/** Aggregators first, so each child's agregadora exists when it is created. */
export function demoUgs(): DemoUg[] {
  const ugs: DemoUg[] = [];
  const municipios = [...Object.keys(aggregated), ...standalone];
  municipios.forEach((municipio, i) => {
    const prefeitura = codigo(i + 1, 'prefeitura', 1);
    ugs.push({ codigo: prefeitura, nome: prefeituraNome(municipio), kind: 'prefeitura' });
    (aggregated[municipio] ?? []).forEach(([kind, nome], j) =>
      ugs.push({ codigo: codigo(i + 1, kind, j + 1), nome, kind, agregadora: prefeitura }),
    );
    if (camaras.includes(municipio)) {
      ugs.push({
        codigo: codigo(i + 1, 'camara', 1),
        nome: municipio === 'Serra' ? 'Câmara Municipal da Serra' : `Câmara Municipal de ${municipio}`,
        kind: 'camara',
      });
    }
  });
  return ugs;
}
