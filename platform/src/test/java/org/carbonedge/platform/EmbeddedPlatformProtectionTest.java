package org.carbonedge.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry `carbonedge up` runs refuses to delete the pipeline's own subjects; other subjects stay deletable. */
class EmbeddedPlatformProtectionTest {

    @TempDir
    Path dir;

    @Test
    void thePipelinesSubjectsCannotBeDeleted() throws Exception {
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(dir, 0, 0)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            for (String query : new String[] {"", "?permanent=true"}) {
                HttpResponse<String> delete = http.send(HttpRequest.newBuilder(URI.create(platform.registryUrl()
                        + "/subjects/carbonedge.requests-value" + query)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(delete.statusCode()).as(delete.body()).isEqualTo(422);
                assertThat(delete.body()).contains("42205");
            }
            HttpResponse<String> still = http.send(HttpRequest.newBuilder(URI.create(platform.registryUrl()
                    + "/subjects/carbonedge.requests-value/versions/latest")).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(still.statusCode()).isEqualTo(200);
            assertThat(platform.health().state()).isEqualTo(org.carbonedge.common.Health.State.UP);
        }
    }

    @Test
    void withUsersTheRegistryWantsBasicAuthAndThePlatformsOwnClientsHaveIt() throws Exception {
        var users = org.carbonedge.platform.registry.auth.RegistryUsers.of(java.util.Map.of("alice", "s3cret"));
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(dir, 0, 0, "127.0.0.1", users)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            URI subjects = URI.create(platform.registryUrl() + "/subjects");
            assertThat(http.send(HttpRequest.newBuilder(subjects).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(401);
            String alice = java.util.Base64.getEncoder().encodeToString("alice:s3cret".getBytes());
            HttpResponse<String> ok = http.send(HttpRequest.newBuilder(subjects).header("Authorization", "Basic " + alice)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).as("provisioned through the platform's own authenticated client")
                    .contains("carbonedge.requests-value");
            // the platform's settings authenticate (every service up starts uses them), and never print the password
            assertThat(platform.settings().registryClient().schemaById(1)).isNotNull();
            assertThat(platform.settings().toString()).doesNotContain("basic.auth.user.info=")
                    .contains("basic.auth.user.info");
        }
    }
}
