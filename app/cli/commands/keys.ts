import { parseCommandArgs, type CommandGroup } from '../command.ts';
import { printJson, printLines } from '../output.ts';

export const keysGroup: CommandGroup = {
  name: 'keys',
  title: 'Chaves de assinatura dos tokens de acesso',
  commands: [
    {
      action: 'rotate',
      synopsis: '[--json]',
      summary: 'Gera uma nova chave de assinatura; os tokens já emitidos continuam válidos até expirar.',
      details: [
        'A nova chave passa a assinar os tokens em até 5 segundos em todas as instâncias;',
        'a anterior continua publicada em /oauth/jwks até que todo token que ela assinou expire.',
      ],
      prepare(args) {
        const { values } = parseCommandArgs(args, { json: { type: 'boolean' } });
        return async ({ services }) => {
          const { kid } = await services.signingKeys.rotate();
          if (values.json) printJson({ kid });
          else
            printLines(
              `Nova chave de assinatura: ${kid}`,
              'Ela passa a assinar os tokens em até 5 segundos; a anterior segue publicada até seus tokens expirarem.',
            );
        };
      },
    },
  ],
};
