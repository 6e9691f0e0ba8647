# syntax=docker/dockerfile:1
# Build stage: compile TypeScript with the full dev toolchain.
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles its native module when installed (node-gyp): Python, make and a C++ compiler.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# Production dependencies, compiled with the build stage's toolchain (same base image, so the
# native module matches the runtime's Node). Optional dependencies are test tooling (TDLib's
# parser); the bot does not need them.
FROM build AS deps
WORKDIR /deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force

# Runtime stage: production dependencies and dist/ only, no compiler, as a non-root user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    CONTENT_DIR=/app/content \
    DATA_DIR=/data \
    PORT=8080
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=deps /deps/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY content ./content
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/app/content", "/data"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["node", "dist/cli.js"]
CMD ["run"]
