# syntax=docker/dockerfile:1.7
# bosun's images. Every action in actions/ runs one of them; GitHub starts it as
#   docker run --workdir /github/workspace -v <workspace>:/github/workspace -v <file commands>:/github/file_commands \
#     -e INPUT_... -e GITHUB_... <image> <command>
# so the entrypoint is the launcher and the command (smoke-check, deploy-env, ...) is the first argument.
#
# One jar, two targets:
#   bosun        (the default) smoke-check, deploy-env, db-migrate, notify-slack: a Java runtime, the jar, the
#                embedded PostgreSQL of its architecture and an AOT cache on a root file system of a few Debian
#                packages. No shell tools, no package manager.
#   bosun-build  build-tag-push: the same image plus the docker CLI and a current buildx plugin.
#
#   docker buildx build --platform linux/amd64,linux/arm64 --build-arg BOSUN_COMMIT=$(git rev-parse HEAD) -t bosun .
#   docker buildx build --target bosun-build ... -t bosun-build .
#   docker run --rm bosun smoke-check --url https://shop.example.com/ready
# Sizes and how they are measured: docs/image.md.

ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG BASE_IMAGE=debian:trixie-slim
# Pinned current releases (the CLI's static binary and buildx's plugin image); Debian trixie's buildx is 0.13.
ARG DOCKER_CLI_IMAGE=docker:29.8.2-cli
ARG BUILDX_IMAGE=docker/buildx-bin:0.37.1

# 1. The jar, once, on the machine that builds (it is the same for every architecture), with the embedded
#    PostgreSQL archives of both architectures beside it in target/postgres.
FROM --platform=$BUILDPLATFORM ${JDK_IMAGE} AS jar
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/main/ src/main/
ARG BOSUN_COMMIT=unknown
# No .git in the build context: the commit comes in as a build argument, for `bosun --version`. maven.test.skip:
# the tests are neither compiled nor run here (CI runs them before any image is built).
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -q -Dmaven.test.skip=true -Dmaven.gitcommitid.skip=true -Dgit.commit.id="${BOSUN_COMMIT}" package

# 2. A Java runtime of the target architecture with only the modules bosun uses (.ci/build-runtime says which and
#    why), laid out as the image has it, and the embedded PostgreSQL of that architecture.
FROM ${JDK_IMAGE} AS runtime
COPY --from=jar /src/target/bosun.jar /tmp/bosun.jar
COPY --from=jar /src/target/postgres/ /tmp/postgres/
COPY bin/bosun bin/bosun
COPY .ci/build-runtime .ci/build-runtime
# The jar comes out stored (entries not deflated, see .ci/build-runtime): its layer gzips 5 MB smaller.
RUN .ci/build-runtime link "$JAVA_HOME" /tmp/bosun.jar /opt/bosun \
 && mkdir -p /jar/opt/bosun/lib && mv /opt/bosun/lib/bosun.jar /jar/opt/bosun/lib/ \
 && mkdir -p /postgres/opt/bosun/lib && mv /opt/bosun/lib/postgres /postgres/opt/bosun/lib/

# 3. The root file system: a few Debian packages of the target architecture (see .ci/build-runtime rootfs), and
#    the CA bundle for the docker CLI of build-tag-push's image.
FROM ${BASE_IMAGE} AS rootfs
RUN --mount=type=bind,source=.ci/build-runtime,target=/tmp/build-runtime \
    /tmp/build-runtime rootfs /rootfs \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends ca-certificates >/dev/null

FROM ${DOCKER_CLI_IMAGE} AS docker-cli
FROM ${BUILDX_IMAGE} AS buildx

# 4. The image. Layers from the least to the most often changed: root file system, Java runtime, PostgreSQL, jar,
#    AOT cache. The cache is trained here, in place: it is valid only for this runtime and this jar at this path.
FROM scratch AS bosun
COPY --from=rootfs /rootfs/ /
COPY --from=runtime /opt/bosun/ /opt/bosun/
COPY --from=runtime /postgres/ /
COPY --from=runtime /jar/ /
ENV LANG=C.UTF-8 HOME=/tmp
RUN --mount=type=bind,source=.ci/build-runtime,target=/tmp/build-runtime /tmp/build-runtime train /opt/bosun
LABEL org.opencontainers.image.title="bosun" \
      org.opencontainers.image.description="Takes a containerized service from a commit to production." \
      org.opencontainers.image.licenses="Apache-2.0"
# No USER: GitHub runs container actions as root and asks images not to change that, or the mounted workspace and
# file-command files may be out of reach. The launcher instead drops to the owner of those files (uid 1001, the
# runner user, on GitHub-hosted runners) before the JVM starts, adding the Docker socket's group for build-tag-push.
# /github/workspace exists in the root file system: WORKDIR alone does not create it with every builder.
ENV BOSUN_DROP_ROOT=1
WORKDIR /github/workspace
ENTRYPOINT ["/opt/bosun/bin/bosun"]
CMD ["--help"]

# 5. build-tag-push's image: the same layers, then the docker CLI and buildx (drives `docker buildx build` through
#    the runner's mounted socket) and the CA bundle the CLI trusts.
FROM bosun AS bosun-build
COPY --from=rootfs /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=docker-cli /usr/local/bin/docker /usr/local/bin/docker
COPY --from=buildx /buildx /usr/local/libexec/docker/cli-plugins/docker-buildx

# The default target.
FROM bosun
