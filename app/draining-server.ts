import http, { type RequestListener, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { answerClientError } from './api/problem.ts';

/** An HTTP server that can stop gracefully, and answers what its HTTP parser refuses as a problem. */
export interface DrainingServer {
  server: http.Server;
  /**
   * Stops accepting connections, closes idle keep-alive connections at once and answers every request still to be
   * answered with `Connection: close`; resolves with the number of requests still unanswered after `timeoutMs` (0 once
   * every connection is closed).
   */
  drain(timeoutMs: number): Promise<number>;
}

/** Told of each request the HTTP parser refused and the server answered: its status, the parser's reason, the peer. */
export type RefusedRequest = (status: number, reason: string, ip: string | undefined) => void;

export function createDrainingServer(listener: RequestListener, refused?: RefusedRequest): DrainingServer {
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  const server = http.createServer((req, res) => {
    inFlight.add(res);
    res.once('close', () => {
      inFlight.delete(res);
      // Its connection is idle now, unless the client sent another request on it (which gets `Connection: close`).
      if (draining) setImmediate(() => server.closeIdleConnections());
    });
    if (draining) res.setHeader('Connection', 'close');
    listener(req, res);
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    const ip = socket.remoteAddress;
    const status = answerClientError(err, socket);
    if (status !== undefined) refused?.(status, err.code ?? err.message, ip);
  });
  const drain = (timeoutMs: number) =>
    new Promise<number>((resolve) => {
      draining = true;
      for (const res of inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
      const timer = setTimeout(() => resolve(inFlight.size), timeoutMs);
      // A turn later, so that a request read in the same turn as the signal is parsed first and answered, not cut
      // with its idle connection (server.close closes those).
      setImmediate(() =>
        server.close(() => {
          clearTimeout(timer);
          resolve(0);
        }),
      );
    });
  return { server, drain };
}
