package io.latentlab.control.rest;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The API token's storage key lives in token.js alone, and both pages load it before their own script. */
class DashboardTokenScriptTest {

    private static final String KEY = "latentlab.apiToken";

    @Test
    void onlyTokenJsNamesTheStorageKey() throws IOException {
        assertThat(page("token.js")).contains("'" + KEY + "'");
        assertThat(page("app.js")).doesNotContain(KEY).contains("window.LatentLabToken.get()");
        assertThat(page("draw.js")).doesNotContain(KEY).contains("window.LatentLabToken.get()");
    }

    @Test
    void bothPagesLoadTokenJsBeforeTheirScript() throws IOException {
        String index = page("index.html");
        String draw = page("draw.html");
        assertThat(index.indexOf("<script src=\"token.js\">")).isNotNegative()
                .isLessThan(index.indexOf("<script src=\"app.js\">"));
        assertThat(draw.indexOf("<script src=\"token.js\">")).isNotNegative()
                .isLessThan(draw.indexOf("<script src=\"draw.js\">"));
    }

    private static String page(String name) throws IOException {
        try (InputStream in = DashboardTokenScriptTest.class.getResourceAsStream("/META-INF/resources/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
