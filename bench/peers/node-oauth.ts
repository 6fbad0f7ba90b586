/**
 * Peer of the token endpoint: @node-oauth/oauth2-server (the maintained oauth2-server) under Express, its model over
 * the product's keys and signing key (issuer.ts). Started as a child by bench/run.ts.
 */
import OAuth2Server, { OAuthError, Request, Response, type Client } from '@node-oauth/oauth2-server';
import express from 'express';
import type { TokenClient } from '../../app/oauth/token-clients.repository.ts';
import { serveOnPort } from '../cluster.ts';
import { openIssuer } from './issuer.ts';

const issuer = await openIssuer();

/** The library's client, carrying the key it was authenticated as. */
interface PeerClient extends Client {
  key: TokenClient;
}

const oauth = new OAuth2Server({
  accessTokenLifetime: issuer.ttlSeconds,
  model: {
    async getClient(clientId: string, secret: string): Promise<PeerClient | false> {
      const key = issuer.authenticate(clientId, secret);
      return key ? { id: clientId, grants: ['client_credentials'], key } : false;
    },
    // Client credentials: the client acts on its own behalf.
    getUserFromClient: async (client: Client) => client,
    validateScope: async (_user, client, scope) => issuer.grant((client as PeerClient).key, scope) ?? false,
    generateAccessToken: async (client, _user, scope) => issuer.sign((client as PeerClient).key, scope),
    saveToken: async (token, client, user) => ({ ...token, client, user }),
    // Only for authenticating API requests, which this peer does not serve.
    getAccessToken: async () => false,
  },
});

await serveOnPort((port) => {
  const app = express();
  app.post('/oauth/token', express.urlencoded({ extended: false }), async (req, res) => {
    const response = new Response(res);
    try {
      await oauth.token(new Request(req), response);
    } catch (err) {
      if (!(err instanceof OAuthError)) throw err;
    }
    res
      .status(response.status ?? 200)
      .set(response.headers)
      .json(response.body);
  });
  return app.listen(port, '127.0.0.1');
});
