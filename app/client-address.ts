import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';

/**
 * `TRUST_PROXY`, as Express's `trust proxy` takes it: no proxy, a number of proxy hops in front of the server, or the
 * proxies' addresses, CIDR ranges and the names `loopback`, `linklocal`, `uniquelocal`.
 */
export type TrustProxy = false | number | string[];

/** Whether the hop at `address`, `i` hops from the server, is a proxy we trust (proxy-addr's contract). */
export type Trust = (address: string, i: number) => boolean;

const noProxy: Trust = () => false;

/** Compiled once: Express (`app.set('trust proxy', trust)`) and the token endpoint share the same function. */
export function compileTrust(setting: TrustProxy): Trust {
  if (setting === false) return noProxy;
  if (typeof setting === 'number') return (_address, i) => i < setting;
  return proxyAddr.compile(setting);
}

/**
 * The client's address: the socket's peer, or, through trusted proxies, the X-Forwarded-For entry the last trusted
 * proxy saw — walking from the right, never the client-chosen leftmost entry. Express's `req.ip` is this very call.
 */
export function clientAddress(req: IncomingMessage, trust: Trust): string {
  return proxyAddr(req, trust);
}

/** TRUST_PROXY's text as a setting, or why it is not one. */
export function parseTrustProxy(text: string): TrustProxy | Error {
  const value = text.trim();
  if (value === 'false' || value === '0') return false;
  if (value === 'true') {
    return new Error(
      'true confiaria no endereço que o próprio cliente escreve no X-Forwarded-For; informe o número de proxies à frente do servidor (1 atrás de um) ou os endereços deles',
    );
  }
  if (/^\d+$/.test(value)) {
    const hops = Number(value);
    return hops <= 32 ? hops : new Error('deve ter no máximo 32 proxies');
  }
  const list = value.split(',').map((entry) => entry.trim());
  if (list.some((entry) => entry === '')) return new Error('lista de proxies com item vazio');
  try {
    proxyAddr.compile(list);
  } catch (err) {
    return new Error(
      `deve ser false, um número de proxies ou uma lista de endereços, faixas CIDR, loopback, linklocal ou uniquelocal (${(err as Error).message})`,
    );
  }
  return list;
}
