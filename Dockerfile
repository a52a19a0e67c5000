# Build the single binary in one stage, run it in a slim one as a non-root user with a data volume.
FROM node:20-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --home /var/lib/subkeeper subkeeper \
 && mkdir -p /var/lib/subkeeper && chown subkeeper /var/lib/subkeeper
COPY --from=build /src/dist/subkeeper /usr/local/bin/subkeeper
USER subkeeper
WORKDIR /var/lib/subkeeper
ENV DATABASE_PATH=/var/lib/subkeeper/subkeeper.sqlite HTTP_HOST=0.0.0.0 HTTP_PORT=8080
VOLUME ["/var/lib/subkeeper"]
EXPOSE 8080
ENTRYPOINT ["/usr/local/bin/subkeeper"]
CMD ["serve"]
