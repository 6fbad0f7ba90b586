import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, Registry, type MetricObjectWithValues, type MetricValue } from 'prom-client';

/** A worker asks the primary for the instance's metrics; the primary gathers every serving worker's and answers. */
const ASKED = 'cidades:metrics';
const ANSWERED = 'cidades:metrics-answered';
const GATHER = 'cidades:metrics-gather';
const GATHERED = 'cidades:metrics-gathered';
/** A process that has not answered by then is stuck: the scrape fails (503) rather than report part of the counts. */
const GATHER_TIMEOUT_MS = 5_000;
const ANSWER_TIMEOUT_MS = GATHER_TIMEOUT_MS + 1_000;

type RegistryJson = MetricObjectWithValues<MetricValue<string>>[];

interface Message {
  type: typeof ASKED | typeof ANSWERED | typeof GATHER | typeof GATHERED;
  id: string;
  text?: string;
  error?: string;
  metrics?: RegistryJson[];
}

function isMessage(message: unknown, type: Message['type']): message is Message {
  const m = message as Partial<Message> | null;
  return m?.type === type && typeof m.id === 'string';
}

const answers = new Map<string, (answer: Message) => void>();
let answering = false;

/**
 * The metrics of the whole instance, as a scrape of any of its processes must report them. In a server process of
 * `npm start` (a node:cluster worker) the primary gathers the registries of every serving worker over the cluster's
 * IPC and aggregates them with prom-client's AggregatorRegistry (counters and histograms summed, the pool gauges too:
 * each process has its own pool); a single process serves its own.
 */
export function instanceMetrics(registries: Registry[]): () => Promise<string> {
  if (!cluster.isWorker) return () => Registry.merge(registries).metrics();
  if (!answering) {
    answering = true;
    process.on('message', (message: unknown) => {
      if (isMessage(message, ANSWERED)) answers.get(message.id)?.(message);
      else if (isMessage(message, GATHER)) {
        const { id } = message;
        void Promise.all(registries.map((registry) => registry.getMetricsAsJSON())).then(
          (metrics) => process.send?.({ type: GATHERED, id, metrics } satisfies Message),
          (err: unknown) => process.send?.({ type: GATHERED, id, error: String(err) } satisfies Message),
        );
      }
    });
  }
  return () =>
    new Promise((resolve, reject) => {
      const id = randomUUID();
      const timer = setTimeout(() => {
        answers.delete(id);
        reject(new Error('the primary process did not answer with the metrics in time'));
      }, ANSWER_TIMEOUT_MS);
      answers.set(id, ({ text, error }) => {
        clearTimeout(timer);
        answers.delete(id);
        if (text === undefined) reject(new Error(error ?? 'the primary process could not gather the metrics'));
        else resolve(text);
      });
      process.send?.({ type: ASKED, id } satisfies Message);
    });
}

/** In the primary: answers each worker's request for the instance's metrics with every serving worker's, aggregated. */
export function relayMetrics(): void {
  // Only processes that serve are asked: one still starting has nothing to count yet, and may not answer.
  const serving = new Set<Worker>();
  const gathering = new Map<string, { left: Set<Worker>; metrics: RegistryJson[]; finish: (error?: string) => void }>();
  cluster.on('listening', (worker) => serving.add(worker));
  cluster.on('exit', (worker) => {
    serving.delete(worker);
    for (const round of gathering.values()) if (round.left.delete(worker) && round.left.size === 0) round.finish();
  });

  const gather = async (): Promise<string> => {
    const workers = [...serving].filter((worker) => worker.isConnected());
    const id = randomUUID();
    const metrics = await new Promise<RegistryJson[]>((resolve, reject) => {
      const round = { left: new Set(workers), metrics: [] as RegistryJson[], finish: (_error?: string) => {} };
      const timer = setTimeout(() => round.finish('a server process did not report its metrics in time'), GATHER_TIMEOUT_MS);
      round.finish = (error) => {
        clearTimeout(timer);
        gathering.delete(id);
        if (error === undefined) resolve(round.metrics);
        else reject(new Error(error));
      };
      gathering.set(id, round);
      for (const worker of workers) worker.send({ type: GATHER, id } satisfies Message);
      if (workers.length === 0) round.finish();
    });
    return AggregatorRegistry.aggregate(metrics).metrics();
  };

  cluster.on('message', (from, message: unknown) => {
    if (isMessage(message, GATHERED)) {
      const round = gathering.get(message.id);
      if (!round?.left.delete(from)) return;
      if (message.error !== undefined) round.finish(message.error);
      else round.metrics.push(...(message.metrics ?? []));
      if (round.left.size === 0) round.finish();
    } else if (isMessage(message, ASKED)) {
      const reply = (answer: Partial<Message>) => {
        if (from.isConnected()) from.send({ type: ANSWERED, id: message.id, ...answer } satisfies Message);
      };
      gather().then(
        (text) => reply({ text }),
        (err: unknown) => reply({ error: err instanceof Error ? err.message : String(err) }),
      );
    }
  });
}
