import { expect } from 'chai';
import { loggableUrl } from '../../app/request-log.ts';

describe('loggableUrl', () => {
  it('logs one-time links without their token', () => {
    expect(loggableUrl('/setup/abcDEF_123-x')).to.equal('/setup/[redacted]');
    expect(loggableUrl('/redefinir-senha/abcDEF_123-x?x=1')).to.equal('/redefinir-senha/[redacted]?x=1');
    expect(loggableUrl('/admin/usuarios/7/redefinir-senha')).to.equal('/admin/usuarios/7/redefinir-senha');
  });

  it('logs query strings without the values of secret-looking parameters', () => {
    const names = ['client_secret', 'access_token', 'refresh_token', 'id_token', 'token', 'password', 'senha', 'secret', 'code'];
    const camelCase = ['clientSecret', 'accessToken', 'refreshToken', 'idToken', 'apiKey', 'sessionToken', 'webhookSecret', 'v2Token'];
    const others = ['client_assertion', 'clientAssertion', 'api_key', 'API_KEY', 'api-key', 'x-api-key', 'ClientSecret', 'ACCESSTOKEN'];
    const cases = ['CLIENT_SECRET', 'Senha', 'Client_Secret', 'api_token', 'webhook_secret', 'x-api-token'];
    for (const name of [...names, ...camelCase, ...others, ...cases]) {
      expect(loggableUrl(`/oauth/token?a=1&${name}=s3cr3t&b=2`), name).to.equal(`/oauth/token?a=1&${name}=[redacted]&b=2`);
    }
    // A name percent-encoded is still the same name; a value with no name, or a name without a value, is kept.
    expect(loggableUrl('/x?client%5Fsecret=s3cr3t')).to.equal('/x?client%5Fsecret=[redacted]');
    expect(loggableUrl('/x?token&=v&secret=')).to.equal('/x?token&=v&secret=[redacted]');
    expect(loggableUrl('/redefinir-senha/abc?senha=s3cr3t&cursor=eyJ')).to.equal('/redefinir-senha/[redacted]?senha=[redacted]&cursor=eyJ');
  });

  it('keeps parameters that only look like a secret in part, and URLs without a query, as they are', () => {
    expect(loggableUrl('/api/v1/contratacoes?limit=50&codigoUg=123&tokenizer=a&secretaria=b')).to.equal(
      '/api/v1/contratacoes?limit=50&codigoUg=123&tokenizer=a&secretaria=b',
    );
    // A lower-case ending is no camelCase word; a key is a credential only as an API's.
    const kept = 'mytoken=a&subsecretaria=b&TOKENS=c&chave=d&apiKeys=e&sortKey=f&idempotency_key=g&Tokenizer=h&codigo=i';
    expect(loggableUrl(`/x?${kept}`)).to.equal(`/x?${kept}`);
    expect(loggableUrl('/api/v1/contratacoes/5')).to.equal('/api/v1/contratacoes/5');
  });
});
