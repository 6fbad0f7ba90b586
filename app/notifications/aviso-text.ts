import { ipText, timeText } from '../audit/audit-format.ts';
import type { Aviso } from './aviso.ts';

/** What a notice says, in pt-BR, the same in the portal and in its e-mail: a title, a few sentences, the key's page. */
export interface AvisoText {
  title: string;
  lines: string[];
  /** The page the notice is about, relative to the portal's address. */
  path: string;
}

/** The key's page (`/unidades-gestoras/:ugId/integracoes/:id`). */
const integrationPath = (ugId: number, integracaoId: number) => `/unidades-gestoras/${ugId}/integracoes/${integracaoId}`;

export function avisoText(aviso: Aviso): AvisoText {
  const d = aviso.data;
  return {
    title: `O segredo anterior da integração “${d.descricao}” deixou de funcionar enquanto ainda era usado`,
    lines: [
      `Unidade gestora ${d.ugCodigo} — ${d.ugNome}; integração “${d.descricao}”, client id ${d.clientId}.`,
      `O segredo anterior (${d.secretHint}) deixou de funcionar em ${timeText(new Date(d.validUntil))}, ao fim do período de carência.`,
      `Ele foi usado pela última vez em ${timeText(new Date(d.lastUsedAt))}, do endereço ${ipText(d.lastUsedIp)}.`,
      'O sistema que o usava pode estar recebendo invalid_client agora: configure nele o segredo atual da integração.',
    ],
    path: integrationPath(aviso.ugId, aviso.integracaoId),
  };
}
