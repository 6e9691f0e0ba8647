# syntax=docker/dockerfile:1
# Node 26 is the active LTS line (Node 24 "Krypton" is in maintenance, Node 20 past its end of life);
# the code itself also runs on Node 20, which CI uses. better-sqlite3 (locked at 12.11.1) declares
# Node 26 support and is compiled here against the same image the runtime uses.
ARG NODE_IMAGE=node:26-slim

# Build stage: compile TypeScript with the full dev toolchain.
FROM ${NODE_IMAGE} AS build
# better-sqlite3 compiles its native module when installed (node-gyp): Python, make and a C++ compiler.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/bundle.ts ./scripts/
COPY src ./src
# tsc, then one bundle of the program (dist/cli.js) and one of each worker: a start loads them in
# ~0.4 s where tsc's ~580 modules took ~0.7 s (README).
RUN npm run build

# Production dependencies, compiled with the build stage's toolchain (same base image, so the
# native module matches the runtime's Node). Optional dependencies are test tooling (TDLib's
# parser); the bot does not need them.
FROM build AS deps
WORKDIR /deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force

# Runtime stage: production dependencies and dist/ only, no compiler, as a non-root user, under an init.
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: it forwards SIGTERM to node and reaps zombies; node as PID 1 ignores a SIGTERM it has no
# handler for yet (start-up), so `docker stop` would wait its 10 s and kill.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
# MALLOC_MMAP_THRESHOLD_: a fixed threshold. glibc raises it once the first 1 MB buffers are freed, and
# a cold start's later large buffers then land in the C heap, which keeps the holes they leave:
# 192-205 MB resident after a cold start of ten years of reports with it, 206-221 without (README).
ENV NODE_ENV=production \
    CONTENT_DIR=/app/content \
    DATA_DIR=/data \
    PORT=8080 \
    MALLOC_MMAP_THRESHOLD_=131072
WORKDIR /app
COPY package.json package-lock.json ./
COPY --from=deps /deps/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# No content in the image: reports are mounted at /app/content (see docker-compose.yml), never baked in.
RUN mkdir -p /app/content /data && chown node:node /data
USER node
VOLUME ["/app/content", "/data"]
# Only used in webhook mode; with long polling /healthz and /metrics listen on 127.0.0.1 inside the container.
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
ENTRYPOINT ["/usr/bin/tini", "--", "node", "dist/cli.js"]
CMD ["run"]
