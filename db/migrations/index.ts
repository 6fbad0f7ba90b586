import type { Knex } from 'knex';
import * as foundation from './20261123_0001_foundation.ts';
import * as oauth from './20261123_0002_oauth.ts';
import * as responsaveis from './20261124_0003_responsaveis.ts';
import * as dados from './20261124_0004_dados.ts';
import * as adminIntegracoes from './20261124_0005_admin_integracoes.ts';
import * as usuariosAdmin from './20261124_0006_usuarios_admin.ts';
import * as ugsAdmin from './20261124_0007_ugs_admin.ts';
import * as auditoria from './20261124_0008_auditoria.ts';
import * as revocationOrder from './20261201_0009_revocation_order.ts';
import * as authLimits from './20261201_0010_auth_limits.ts';
import * as buscaUgsIntegracoes from './20261201_0011_busca_ugs_integracoes.ts';
import * as boundedTables from './20261201_0012_bounded_tables.ts';
import * as listagensEmEscala from './20261202_0013_listagens_em_escala.ts';
import * as segredosEmRotacao from './20261202_0014_segredos_em_rotacao.ts';
import * as usoDasIntegracoes from './20261202_0015_uso_das_integracoes.ts';
import * as avisos from './20261202_0016_avisos.ts';
import * as edicao from './20261202_0016_edicao.ts';
import * as revogacaoAposCarencia from './20261202_0017_revogacao_apos_carencia.ts';

interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Every migration, in order; listed explicitly so they run the same under tsx, tests and the CLI. */
const migrations: Record<string, Migration> = {
  '20261123_0001_foundation': foundation,
  '20261123_0002_oauth': oauth,
  '20261124_0003_responsaveis': responsaveis,
  '20261124_0004_dados': dados,
  '20261124_0005_admin_integracoes': adminIntegracoes,
  '20261124_0006_usuarios_admin': usuariosAdmin,
  '20261124_0007_ugs_admin': ugsAdmin,
  '20261124_0008_auditoria': auditoria,
  '20261201_0009_revocation_order': revocationOrder,
  '20261201_0010_auth_limits': authLimits,
  '20261201_0011_busca_ugs_integracoes': buscaUgsIntegracoes,
  '20261201_0012_bounded_tables': boundedTables,
  '20261202_0013_listagens_em_escala': listagensEmEscala,
  '20261202_0014_segredos_em_rotacao': segredosEmRotacao,
  '20261202_0015_uso_das_integracoes': usoDasIntegracoes,
  '20261202_0016_avisos': avisos,
  '20261202_0016_edicao': edicao,
  '20261202_0017_revogacao_apos_carencia': revogacaoAposCarencia,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations),
  getMigrationName: (name) => name,
  getMigration: async (name) => {
    const migration = migrations[name];
    if (!migration) throw new Error(`Migração desconhecida: ${name}`);
    return migration;
  },
};
