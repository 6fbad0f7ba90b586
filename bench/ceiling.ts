/** The ceiling: a bare Express 5 JSON route, the best this machine does. Started as a child by bench/run.ts. */
import express from 'express';

const port = Number(process.env.PORT);
const app = express();
app.get('/ping', (_req, res) => {
  res.json({ ok: true });
});

const server = app.listen(port, '127.0.0.1');
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
