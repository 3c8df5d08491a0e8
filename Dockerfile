# iis401 as a container: the Slack bot (HTTP mode or Socket Mode), settings from the environment.
#   docker build -t iis401 .
#   docker run --rm -p 3000:3000 --env-file .env iis401
# Stage 1 builds with the dev dependencies; stage 2 carries only what runs.

FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY bench ./bench
COPY kb ./kb
# --ignore-scripts: `prepare` would build before the sources are in place; the build runs next.
RUN npm ci --ignore-scripts --no-audit --no-fund && npm run build && npm prune --omit=dev --no-audit --no-fund && rm -rf node_modules/typescript node_modules/@types

FROM node:20-slim
ENV NODE_ENV=production PORT=3000 IIS401_DATA_DIR=/app/data
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
COPY --from=build /app/kb ./kb
COPY manifest.yml LICENSE ./
RUN mkdir -p data && chown node:node data
USER node
EXPOSE 3000
STOPSIGNAL SIGTERM
# HTTP mode answers /healthz; Socket Mode has no listener, so there the running process is the signal.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD ["node", "-e", "if (process.env.SLACK_APP_TOKEN) process.exit(0); fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "bin/iis401.js", "start"]
