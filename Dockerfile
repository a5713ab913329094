# The audit-trail app. `docker compose up` builds it; see docker-compose.yml.

# --- build: compile TypeScript and better-sqlite3's native module -------------
FROM node:20-bookworm-slim AS build
# better-sqlite3 falls back to a node-gyp build when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Dependencies first, so source edits do not re-run npm ci.
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build \
 && npm prune --omit=dev

# --- runtime: no compiler, no dev dependencies --------------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/data
WORKDIR /app
# package.json marks the project root (src/project-root.ts); examples/ holds the sample plan.
COPY --from=build /app/package.json /app/package-lock.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/examples ./examples
# The web pages' templates and static files are read from src/web at run time.
COPY --from=build /app/src/web/views ./src/web/views
COPY --from=build /app/src/web/public ./src/web/public
RUN mkdir -p /app/data && chown node:node /app/data
# Mount points of the signer and evidence folders that several servers share
# (docker-compose.yml, profile postgres): a new named volume takes the owner of the
# folder it is mounted on, so the app's user can write them.
RUN mkdir -p /app/signer /app/evidence && chown node:node /app/signer /app/evidence && chmod 700 /app/signer
USER node
VOLUME ["/app/data"]
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=6 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--no-allocation-site-pretenuring", "dist/src/main.js"]
