import { expect } from 'chai';
import { auditCsv, auditCsvFilename, csvCell } from '../../app/audit/audit-csv.ts';
import type { NamedAuditEvent } from '../../app/audit/audit-targets.ts';
import { detailsText, targetText } from '../../app/audit/audit-format.ts';

const event: NamedAuditEvent = {
  id: 9,
  createdAt: new Date('2026-11-24T21:05:09Z'),
  action: 'integration.blocked',
  actorUserId: 3,
  actorClientId: null,
  actorNome: 'Davi',
  actorEmail: 'davi@tce.es.gov.br',
  ugId: 12,
  ugCodigo: 'UG12',
  targetType: 'integracao',
  targetId: '7',
  ip: '203.0.113.7',
  details: { clientId: 'cid_x', motivo: '=HYPERLINK("http://mal")', admin: false, anterior: null },
  target: { label: 'Integração “Folha”', detail: 'cid_x' },
};

async function text(batches: NamedAuditEvent[][]): Promise<string> {
  let out = '';
  async function* source() {
    yield* batches;
  }
  for await (const chunk of auditCsv(source())) out += chunk;
  return out;
}

describe('audit CSV', () => {
  it('quotes cells with a quote, a separator or a line break, doubling quotes (RFC 4180)', () => {
    expect(csvCell('simples')).to.equal('simples');
    expect(csvCell('a;b')).to.equal('"a;b"');
    expect(csvCell('diz "oi"')).to.equal('"diz ""oi"""');
    expect(csvCell('linha 1\nlinha 2')).to.equal('"linha 1\nlinha 2"');
    expect(csvCell('a,b')).to.equal('a,b');
  });

  it('defuses formulas: = + - @ tab and CR at the start get an apostrophe', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(csvCell(`${start}1+1`).replace(/^"/, '')).to.match(/^'/);
    expect(csvCell('=1;2')).to.equal('"\'=1;2"');
    expect(csvCell('a=1')).to.equal('a=1');
  });

  it('starts with the BOM and the pt-BR header, then one CRLF line per event, times in Brasília', async () => {
    const csv = await text([[event], []]);
    const lines = csv.split('\r\n');
    expect(csv.startsWith('\uFEFFData/hora (horário de Brasília);Ação;Código da ação;Quem;UG;Alvo;IP;Detalhes;Alvo (nome)\r\n')).to.equal(
      true,
    );
    expect(lines[1]).to.equal(
      '24/11/2026 18:05:09;Integração bloqueada;integration.blocked;Davi (davi@tce.es.gov.br);UG12;Integração 7;203.0.113.7;' +
        '"Client id: cid_x; Motivo: =HYPERLINK(""http://mal""); Escopo admin: não; Anterior: —";Integração “Folha” (cid_x)',
    );
    expect(lines).to.have.length(3);
  });

  it('names the file by the day in Brasília', () => {
    expect(auditCsvFilename(new Date('2026-11-25T02:30:00Z'))).to.equal('auditoria-2026-11-24.csv');
  });

  it('summarises details and targets in words', () => {
    expect(detailsText(null)).to.equal('');
    expect(detailsText({ isAdmin: true, desconhecido: { a: 1 } })).to.equal('Administrador: sim; desconhecido: {"a":1}');
    expect(targetText({ targetType: 'user', targetId: 'ana@x.br' })).to.equal('Usuário ana@x.br');
    expect(targetText({ targetType: null, targetId: null })).to.equal('');
  });
});
