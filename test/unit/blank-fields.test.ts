import { expect } from 'chai';
import { auditFiltersFormSchema } from '../../app/audit/audit-filters.schemas.ts';
import { adminFiltersFormSchema } from '../../app/integrations/integrations-admin.schemas.ts';
import { searchListFormSchema } from '../../app/records/list-form.ts';
import { ugCreateSchema } from '../../app/ugs/ugs.schemas.ts';

/** Optional fields a form may leave blank, each with a value it takes (parsed as `parsed`, or as is) and one it refuses. */
const fields = [
  { name: 'agregadora (UG form)', schema: ugCreateSchema.shape.agregadora, good: 'AGR', bad: 'a b', message: 'Use apenas letras' },
  { name: 'apos (list position)', schema: searchListFormSchema.shape.apos, good: '12', parsed: 12, bad: 'x', message: 'Página inválida.' },
  {
    name: 'antes (list position back)',
    schema: searchListFormSchema.shape.antes,
    good: '12',
    parsed: 12,
    bad: '-1',
    message: 'Página inválida.',
  },
  {
    name: 'situacao (integrações filter)',
    schema: adminFiltersFormSchema.shape.situacao,
    good: 'ativa',
    bad: 'x',
    message: 'Situação inválida.',
  },
  { name: 'ug (auditoria filter)', schema: auditFiltersFormSchema.shape.ug, good: 'UG1', bad: 'a b', message: 'Use apenas letras' },
];

describe('blank form fields (blankIsAbsent)', () => {
  for (const { name, schema, good, bad, message, ...rest } of fields) {
    it(`${name}: blank or only spaces is absent; a value is parsed by its field`, () => {
      for (const blank of [undefined, '', '   ']) expect(schema.parse(blank), JSON.stringify(blank)).to.equal(undefined);
      expect(schema.parse(good)).to.equal('parsed' in rest ? rest.parsed : good);
      const refused = schema.safeParse(bad);
      expect(refused.success).to.equal(false);
      expect(refused.error?.issues[0]?.message).to.include(message);
    });
  }
});
