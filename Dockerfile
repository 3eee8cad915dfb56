# syntax=docker/dockerfile:1
# The bot image: TypeScript compiled in a build stage; the runtime stage holds production dependencies and dist/ only.
# Run it with MONGODB_URI pointing at MongoDB 6+ (compose.yaml starts one next to it).

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

FROM node:24-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:24-slim
ENV TZ=UTC NODE_ENV=production HOST=0.0.0.0 PORT=3978 DATA_DIR=/app/.data
WORKDIR /app
# Code and dependencies stay root-owned (read-only for the bot); only the data directory is the bot's.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3978
# slim has no curl: ask node. /healthz says the process is up; /readyz (database) is for orchestrators' readiness.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3978) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
