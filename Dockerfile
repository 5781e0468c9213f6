# Parley on the official Payara Micro image.
#   docker build -t parley .
#   docker run -p 8080:8080 \
#     -e PARLEY_DB_URL=jdbc:postgresql://db:5432/parley -e PARLEY_DB_USER=parley -e PARLEY_DB_PASSWORD=... \
#     -e PARLEY_JWT_SIGNING_KEY_LOCATION=/run/secrets/jwt-private.pem \
#     -e MP_JWT_VERIFY_PUBLICKEY_LOCATION=file:/run/secrets/jwt-public.pem \
#     -v "$PWD/keys:/run/secrets:ro" parley
# See docs/operations.md for every setting.

FROM maven:3.9.11-eclipse-temurin-17 AS build
WORKDIR /build
COPY pom.xml .
COPY src src
COPY liquibase liquibase
RUN mvn -B -q package -DskipTests

FROM payara/micro:6.2025.10-jdk17
COPY --chown=payara:payara server-config/ /opt/payara/config/
COPY --chown=payara:payara --from=build /build/target/parley.war /opt/payara/deployments/parley.war
EXPOSE 8080
CMD ["--deploy", "/opt/payara/deployments/parley.war", "--contextroot", "/", \
     "--prebootcommandfile", "/opt/payara/config/pre-boot-commands.asadmin", \
     "--postbootcommandfile", "/opt/payara/config/post-boot-commands.asadmin"]
