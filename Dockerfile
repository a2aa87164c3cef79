# syntax=docker/dockerfile:1.7
# bosun's one image. Every action in actions/ runs it; GitHub starts it as
#   docker run --workdir /github/workspace -v <workspace>:/github/workspace -v <file commands>:/github/file_commands \
#     -e INPUT_... -e GITHUB_... <image> <command>
# so the entrypoint is the launcher and the command (smoke-check, deploy-env, ...) is the first argument.
#
#   docker build --build-arg BOSUN_COMMIT=$(git rev-parse HEAD) -t bosun .
#   docker run --rm bosun smoke-check --url https://shop.example.com/ready

ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG BASE_IMAGE=debian:trixie-slim

# 1. Build the jar, and 2. link a minimal Java runtime with only the modules jdeps finds in it.
FROM ${JDK_IMAGE} AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
COPY src/ src/
ARG BOSUN_COMMIT=unknown
# No .git in the build context: the commit comes in as a build argument, for `bosun --version`.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp -q -DskipTests -Dmaven.gitcommitid.skip=true -Dgit.commit.id="${BOSUN_COMMIT}" package
COPY bin/bosun bin/bosun
COPY .ci/build-runtime .ci/build-runtime
RUN .ci/build-runtime link "$JAVA_HOME" target/bosun.jar /opt/bosun

# 3. The image, with an AOT cache trained in place (the cache is only valid for this exact runtime and jar path),
# and 4. bosun running as a non-root user.
FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="bosun" \
      org.opencontainers.image.description="Takes a containerized service from a commit to production." \
      org.opencontainers.image.licenses="Apache-2.0"

# build-tag-push drives `docker buildx build` through the runner's mounted socket: the docker CLI and the buildx
# plugin (trixie packages them; bookworm has no buildx). setpriv (util-linux) lets the launcher drop root.
RUN apt-get update \
 && apt-get install -y --no-install-recommends docker-cli docker-buildx ca-certificates util-linux \
 && rm -rf /var/lib/apt/lists/*

COPY --from=build /opt/bosun /opt/bosun
RUN --mount=type=bind,from=build,source=/src/.ci/build-runtime,target=/tmp/build-runtime \
    /tmp/build-runtime train /opt/bosun

# No USER: GitHub runs container actions as root and asks images not to change that, or the mounted workspace and
# file-command files may be out of reach. The launcher instead drops to the owner of those files (uid 1001, the
# runner user, on GitHub-hosted runners) before the JVM starts, adding the Docker socket's group for build-tag-push.
RUN groupadd --gid 1001 bosun && useradd --uid 1001 --gid 1001 --no-create-home --shell /usr/sbin/nologin bosun
ENV HOME=/tmp BOSUN_DROP_ROOT=1
WORKDIR /github/workspace
ENTRYPOINT ["/opt/bosun/bin/bosun"]
CMD ["--help"]
