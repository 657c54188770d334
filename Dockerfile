# crvs-ops as a container: built with Maven, run on a JRE as an unprivileged user.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY processes processes
COPY forms forms
RUN mvn -B -q package -DskipTests

FROM eclipse-temurin:17-jre
RUN useradd --system --create-home --home-dir /var/lib/crvs-ops crvsops
COPY --from=build /build/target/crvs-ops.jar /opt/crvs-ops/crvs-ops.jar
USER crvsops
ENV CRVSOPS_DATA_DIR=/var/lib/crvs-ops
VOLUME /var/lib/crvs-ops
EXPOSE 8080
# The welcome page answers without signing in once the engine and web apps are up.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD wget -q -O /dev/null http://localhost:8080/camunda/app/welcome/default/ || exit 1
ENTRYPOINT ["java", "-jar", "/opt/crvs-ops/crvs-ops.jar"]
