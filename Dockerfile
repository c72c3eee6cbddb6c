# Multi-stage build on Node 22. The image runs in production mode: it needs DATABASE_URL and
# AUTH_JWT_SECRET (or AUTH_PUBLIC_KEY) and refuses to start without them. It carries no PostgreSQL
# (embedded-postgres is a development dependency) and loads no sample items unless LOAD_SAMPLES=true.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY types ./types
COPY src ./src
COPY migrations ./migrations
COPY bench ./bench
COPY console ./console
RUN npm run build

FROM node:22-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:22-bookworm-slim
ENV NODE_ENV=production PORT=3000 DATA_DIR=/app/.data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY scripts/token.mjs ./scripts/token.mjs
COPY workflows ./workflows
RUN mkdir -p /app/.data && chown -R node:node /app/.data
USER node
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+process.env.PORT+'/health/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/main.js"]
