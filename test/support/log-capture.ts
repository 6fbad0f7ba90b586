import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../app/logger.ts';

export interface LogCapture {
  /** The product's logger (its redaction and request ids), writing here. */
  logger: Logger;
  lines: string[];
  entries(): Array<Record<string, unknown>>;
}

/** Every line the product's logger writes at `level`, kept in memory. */
export function captureLog(level = 'trace'): LogCapture {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { logger: createLogger(level, sink), lines, entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>) };
}
