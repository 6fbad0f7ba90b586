/**
 * The provider's floor: node-oidc-provider alone, as its README configures it, with ten static clients held in memory
 * (no database, no Express, no hashing of our own), issuing the same ES256 JWT access tokens. What any product built
 * on it can at best reach on this machine; not a target. Started as a child by bench/run.ts.
 */
import http from 'node:http';
import { generateKeyPair, exportJWK } from 'jose';
import Provider from 'oidc-provider';
import { serveOnPort } from './cluster.ts';

/** Ten clients, `client0`…`client9` with secrets `secret0`…`secret9` (bench/run.ts rotates through them). */
const FLOOR_CLIENTS = 10;

await serveOnPort(async (port) => {
  const alg = 'ES256' as const;
  const { privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), alg, use: 'sig', kid: 'k1' };
  const issuer = `${process.env.PUBLIC_URL}/oauth`;
  const audience = `${process.env.PUBLIC_URL}/api`;
  const provider = new Provider(issuer, {
    jwks: { keys: [jwk] },
    clients: Array.from({ length: FLOOR_CLIENTS }, (_, i) => ({
      client_id: `client${i}`,
      client_secret: `secret${i}`,
      grant_types: ['client_credentials'],
      response_types: [],
      redirect_uris: [],
      scope: 'leitura',
      id_token_signed_response_alg: alg,
    })),
    scopes: ['leitura'],
    responseTypes: [],
    features: {
      clientCredentials: { enabled: true },
      devInteractions: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => audience,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({
          scope: 'leitura',
          audience,
          accessTokenTTL: 600,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg } },
        }),
      },
    },
  });
  const handler = provider.callback();
  return http
    .createServer((req, res) => {
      if (req.url?.startsWith('/oauth/')) {
        req.url = req.url.slice('/oauth'.length);
        void handler(req, res);
      } else {
        res.statusCode = 404;
        res.end();
      }
    })
    .listen(port, '127.0.0.1');
});
