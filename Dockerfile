# syntax=docker/dockerfile:1.7
# bosun's one image. Every action in actions/ runs it; GitHub starts it as
#   docker run --workdir /github/workspace -v <workspace>:/github/workspace -v <file commands>:/github/file_commands \
#     -e INPUT_... -e GITHUB_... <image> <command>
# so the entrypoint is the launcher and the command (smoke-check, deploy-env, ...) is the first argument.
#
#   docker build --build-arg BOSUN_COMMIT=$(git rev-parse HEAD) -t bosun .
#   docker run --rm bosun smoke-check --url https://shop.example.com/ready

ARG JDK_IMAGE=eclipse-temurin:25-jdk
ARG BASE_IMAGE=debian:bookworm-slim

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
# and 4. a non-root user.
FROM ${BASE_IMAGE}
LABEL org.opencontainers.image.title="bosun" \
      org.opencontainers.image.description="Takes a containerized service from a commit to production." \
      org.opencontainers.image.licenses="Apache-2.0"

# ---- build-tag-push: install the docker CLI and the buildx plugin here (owned by the build-tag-push action). ----

COPY --from=build /opt/bosun /opt/bosun
RUN --mount=type=bind,from=build,source=/src/.ci/build-runtime,target=/tmp/build-runtime \
    /tmp/build-runtime train /opt/bosun

# uid 1001 is the runner user on GitHub-hosted runners, which owns the mounted workspace and file-command files, so
# bosun can write $GITHUB_OUTPUT and reports without running as root.
RUN groupadd --gid 1001 bosun && useradd --uid 1001 --gid 1001 --no-create-home --shell /usr/sbin/nologin bosun
USER 1001
ENV HOME=/tmp
WORKDIR /github/workspace
ENTRYPOINT ["/opt/bosun/bin/bosun"]
CMD ["--help"]
