import { expect } from 'chai';
import type { AuditEvent } from '../../app/audit/audit.repository.ts';
import { nameTargets, targetNameText, targetRefs } from '../../app/audit/audit-targets.ts';

const base: AuditEvent = {
  id: 1,
  createdAt: new Date('2026-11-24T21:05:09Z'),
  action: 'integration.deleted',
  actorUserId: 3,
  actorClientId: null,
  actorNome: 'Davi',
  actorEmail: null,
  ugId: 12,
  ugCodigo: 'UG12',
  targetType: 'integracao',
  targetId: '7',
  ip: null,
  details: null,
};
const event = (over: Partial<AuditEvent>): AuditEvent => ({ ...base, ...over });

describe('audit targets as a gestor recognises them', () => {
  const records = {
    integracoes: [{ id: 7, descricao: 'Folha nova', clientId: 'cid_7' }],
    users: [{ id: 5, nome: 'Ana Souza', email: 'ana@x.br' }],
    ugs: [{ id: 12, codigo: 'UG12', nome: 'Câmara de Vitória' }],
  };

  it('asks for each id once, by kind, and for the e-mails sign-in events name', () => {
    const events = [
      event({}),
      event({ targetId: '7' }),
      event({ targetType: 'user', targetId: '5' }),
      event({ targetType: 'user', targetId: 'Ana@X.br' }),
      event({ targetType: 'ug', targetId: '12' }),
      event({ targetType: 'contratacao', targetId: '9' }),
      event({ targetType: null, targetId: null }),
    ];
    expect(targetRefs(events)).to.deep.equal({ integracaoIds: [7], userIds: [5], userEmails: ['ana@x.br'], ugIds: [12] });
  });

  it('names a target by its record as it is now (a renamed key by its new descrição)', () => {
    const named = nameTargets(
      [
        event({ details: { descricao: 'Folha antiga', clientId: 'cid_7' } }),
        event({ targetType: 'user', targetId: '5' }),
        event({ targetType: 'user', targetId: 'ANA@x.br' }),
        event({ targetType: 'ug', targetId: '12' }),
      ],
      records,
    );
    expect(named.map((e) => e.target)).to.deep.equal([
      { label: 'Integração “Folha nova”', detail: 'cid_7' },
      { label: 'Usuário Ana Souza', detail: 'ana@x.br' },
      { label: 'Usuário Ana Souza', detail: 'ana@x.br' },
      { label: 'Unidade gestora UG12', detail: 'Câmara de Vitória' },
    ]);
  });

  it('names what no longer exists by what its event recorded, else by kind and id', () => {
    const none = { integracoes: [], users: [], ugs: [] };
    const named = nameTargets(
      [
        event({ targetId: '8', details: { clientId: 'cid_8', descricao: 'Excluída' } }),
        event({ targetId: '8', details: { clientId: 'cid_8' } }),
        event({ targetId: '8' }),
        event({ targetType: 'user', targetId: 'x@y.br' }),
        event({ targetType: 'ug', targetId: '13', details: { codigo: 'UG13' } }),
        event({ targetType: 'contratacao', targetId: '9' }),
        event({ targetType: null, targetId: null }),
      ],
      none,
    );
    expect(named.map((e) => targetNameText(e.target))).to.deep.equal([
      'Integração “Excluída” (excluída) (cid_8)',
      'Integração excluída (cid_8)',
      'Integração 8',
      'Usuário x@y.br',
      'Unidade gestora UG13 (excluída)',
      'Contratação 9',
      '',
    ]);
  });
});
