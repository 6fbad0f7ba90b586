/**
 * Peer of the token endpoint: the classic Express stack, oauth2orize's client-credentials exchange behind passport
 * (passport-http's Basic strategy and passport-oauth2-client-password for credentials in the body, as oauth2orize's
 * own example wires them), over the product's keys and signing key (issuer.ts). Started as a child by bench/run.ts.
 */
import express from 'express';
import oauth2orize from 'oauth2orize';
import passport from 'passport';
import { BasicStrategy } from 'passport-http';
import { Strategy as ClientPasswordStrategy } from 'passport-oauth2-client-password';
import type { TokenClient } from '../../app/oauth/token-clients.repository.ts';
import { serveOnPort } from '../cluster.ts';
import { openIssuer } from './issuer.ts';

const issuer = await openIssuer();

function verify(clientId: string, secret: string, done: (err: null, client: TokenClient | false) => void): void {
  done(null, issuer.authenticate(clientId, secret) ?? false);
}
passport.use(new BasicStrategy(verify));
passport.use(new ClientPasswordStrategy(verify));

const server = oauth2orize.createServer<TokenClient>();
server.exchange(
  oauth2orize.exchange.clientCredentials<TokenClient>({}, (client, requested, issued) => {
    const scopes = issuer.grant(client, requested);
    if (!scopes) return issued(new oauth2orize.TokenError('the requested scope is not allowed for this client', 'invalid_scope'));
    issuer.sign(client, scopes).then(
      (token) => issued(null, token, undefined, { expires_in: issuer.ttlSeconds, scope: scopes.join(' ') }),
      (err: Error) => issued(err),
    );
  }),
);

await serveOnPort((port) => {
  const app = express();
  app.use(passport.initialize());
  app.post(
    '/oauth/token',
    express.urlencoded({ extended: false }),
    passport.authenticate(['basic', 'oauth2-client-password'], { session: false }),
    server.token(),
    server.errorHandler(),
  );
  return app.listen(port, '127.0.0.1');
});
