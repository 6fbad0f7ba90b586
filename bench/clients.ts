/** What the bench asks of the servers before measuring them: tokens, a portal session, checks of what they answer. */
import type { Credential, Gestor } from './seed.ts';

export const basic = ({ clientId, secret }: Credential) => `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`;

export const TOKEN_FORM = 'grant_type=client_credentials';
export const FORM_TYPE = 'application/x-www-form-urlencoded';

/** Each call returns the next key's Basic header: the requests of all connections cycle through every key. */
export function rotate(credentials: Credential[]): () => string {
  const headers = credentials.map(basic);
  let i = 0;
  return () => headers[i++ % headers.length] as string;
}

async function expectOk(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

export async function accessToken(url: string, credential: Credential): Promise<string> {
  const response = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basic(credential), 'content-type': FORM_TYPE },
    body: TOKEN_FORM,
  });
  const body = (await (await expectOk(response, `token from ${url}`)).json()) as { access_token?: unknown };
  if (typeof body.access_token !== 'string') throw new Error(`token from ${url}: no access_token in ${JSON.stringify(body)}`);
  return body.access_token;
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<unknown> {
  return (await expectOk(await fetch(url, { headers }), `GET ${url}`)).json();
}

/** The JWT's header and claims, without those unique to each token (jti, iat, exp). */
export function lastingClaims(token: string): { header: unknown; claims: Record<string, unknown> } {
  const [header, payload] = token
    .split('.')
    .slice(0, 2)
    .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()) as unknown);
  const { jti: _jti, iat: _iat, exp: _exp, ...claims } = payload as Record<string, unknown>;
  return { header, claims };
}

/** Cookies as a browser sends them back: `name=value` of each Set-Cookie, latest wins. */
function cookieJar(responses: Response[]): string {
  const jar = new Map<string, string>();
  for (const response of responses) {
    for (const cookie of response.headers.getSetCookie()) {
      const pair = cookie.split(';', 1)[0] ?? '';
      const eq = pair.indexOf('=');
      if (eq > 0) jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** Signs in to the portal as a person does (the login form, its CSRF token and cookie); the Cookie header of the session. */
export async function signIn(url: string, { email, password }: Gestor): Promise<string> {
  const form = await expectOk(await fetch(`${url}/login`), 'GET /login');
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1];
  if (!csrf) throw new Error('no CSRF token on /login');
  const signedIn = await fetch(`${url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': FORM_TYPE, cookie: cookieJar([form]) },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  if (signedIn.status !== 303) throw new Error(`sign-in as ${email}: ${signedIn.status} ${await signedIn.text()}`);
  return cookieJar([form, signedIn]);
}
