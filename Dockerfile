# leadloop beyond one machine: see README "Several instances" and compose.yaml. One image for every role
# (LEADLOOP_ROLE=web|worker|all); the command is the one the test suite runs: node dist/main.js.

# Build: dev dependencies, TypeScript → dist/.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would build before the sources are here; better-sqlite3's binary is fetched below.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npx tsc -p tsconfig.build.json

# Run: production dependencies only, as an unprivileged user.
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 LEADLOOP_DATA_DIR=/app/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm rebuild better-sqlite3 && npm cache clean --force
COPY --from=build /app/dist ./dist
# Served at run time: the dashboard's files, the rules and contract, HubSpot's manifests.
COPY src/dashboard ./src/dashboard
COPY config ./config
COPY webhooks ./webhooks
COPY app.json ./
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
# /readyz: the store answers, the intake can commit, the worker (where there is one) makes progress.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Not `npm start`: npm does not forward SIGTERM, and leadloop drains its work on SIGTERM.
CMD ["node", "dist/main.js"]
