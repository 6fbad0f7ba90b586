import { Counter, Histogram, type Registry } from 'prom-client';

type Label = 'method' | 'route' | 'status';

/** The status counted for a request the client aborted before its answer: nginx's "client closed request". */
export const ABORTED_STATUS = 499;

/** The route of a request Node's HTTP parser refused: neither its method nor its URL is known. */
export const UNPARSED_ROUTE = '(unparsed)';

/** Seconds: from a cached token's millisecond to a slow export. */
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/**
 * Requests counted and timed by method, route template (a bounded set: see routeLabel in app/ops/routes.ts, never the
 * URL) and status. One labels object per request, which prom-client hashes; nothing else is allocated.
 */
export class HttpMetrics {
  private readonly requests: Counter<Label>;
  private readonly duration: Histogram<Label>;

  constructor(registry: Registry) {
    this.requests = new Counter({
      name: 'http_requests_total',
      help: 'HTTP requests answered (status 499: aborted by the client before the answer; route (unparsed): refused by the HTTP parser).',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time from the request to the end of its answer (or the client aborting it).',
      labelNames: ['method', 'route', 'status'],
      buckets: BUCKETS,
      registers: [registry],
    });
  }

  /** `status` null: the client went away before the answer was sent. */
  observe(method: string | undefined, route: string, status: number | null, seconds: number): void {
    const labels = { method: method ?? 'OTHER', route, status: status ?? ABORTED_STATUS };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }

  /** A request the HTTP parser refused: counted, not timed (when it started is not known). */
  refused(status: number): void {
    this.requests.inc({ method: 'OTHER', route: UNPARSED_ROUTE, status });
  }
}
