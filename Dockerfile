# The audit-workbench CLI for CI runners (docs/living-audit.md): Node 20, kubectl, the CLI bundle and
# its runtime dependencies, run as a non-root user. Build: docker build -t audit-workbench .
# Run:   docker run --rm -v "$PWD:/work" -w /work -e GITHUB_TOKEN audit-workbench reaudit audits/helix --trust --out delta.md
#
# Not built in this repository's CI (no Docker there); test/dockerfile.test.ts checks its structure
# and that the files the runtime stage copies are enough to run the bundled CLI.

# ---- build: npm ci (its prepare script bundles the CLI into dist/cli) ------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the prepare script needs the sources, copied next, and electron's would download it.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build:cli \
 && npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund

# ---- runtime -----------------------------------------------------------------------------------------
FROM node:20-bookworm-slim

# kubectl from the official release, pinned by version and checksum (the release's kubectl.sha256).
# Change both together; the build fails when the binary does not match. linux/amd64 only.
ARG KUBECTL_VERSION=v1.33.0
ARG KUBECTL_SHA256=9efe8d3facb23e1618cba36fb1c4e15ac9dc3ed5a2c2e18109e4a66b2bac12dc
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl git \
 && curl -fsSLo /tmp/kubectl "https://dl.k8s.io/release/${KUBECTL_VERSION}/bin/linux/amd64/kubectl" \
 && echo "${KUBECTL_SHA256}  /tmp/kubectl" | sha256sum --check --strict - \
 && install -o root -g root -m 0755 /tmp/kubectl /usr/local/bin/kubectl \
 && rm /tmp/kubectl \
 && apt-get purge -y curl && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*

WORKDIR /opt/audit-workbench
# Only what the bundle reads at run time: no sources, so bin/ runs the bundle (never tsx).
COPY --from=build /src/package.json /src/package-lock.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/bin ./bin
COPY --from=build /src/dist/cli ./dist/cli
COPY --from=build /src/audit-templates ./audit-templates

# The node image's unprivileged user (uid 1000); the app home (trust list, signing key) in its home.
ENV NODE_ENV=production AUDIT_WORKBENCH_HOME=/home/node/.config/audit-workbench
USER node
WORKDIR /work
ENTRYPOINT ["node", "/opt/audit-workbench/bin/audit-workbench.mjs"]
CMD ["--help"]
