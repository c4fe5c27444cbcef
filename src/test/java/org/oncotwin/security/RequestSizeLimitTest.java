package org.oncotwin.security;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

class RequestSizeLimitTest {

    private static final String IMPORT = "/api/twins/t1/records";
    private final RequestSizeLimit filter = new RequestSizeLimit(DataSize.ofBytes(1000), DataSize.ofBytes(5000));

    @Test
    void aChunkedBodyOverTheLimitIsRefusedBeforeAnythingReadsIt() throws Exception {
        var response = new MockHttpServletResponse();
        AtomicReference<String> seen = new AtomicReference<>();

        filter.doFilter(chunked("/api/pathways", "x".repeat(1001).getBytes(), null), response, reading(seen));

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(seen.get()).as("not passed on").isNull();
    }

    @Test
    void aChunkedBodyWithinTheLimitIsPassedOnWhole() throws Exception {
        var response = new MockHttpServletResponse();
        AtomicReference<String> seen = new AtomicReference<>();

        filter.doFilter(chunked("/api/pathways", "y".repeat(1000).getBytes(), null), response, reading(seen));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(seen.get()).isEqualTo("y".repeat(1000));
    }

    @Test
    void anImportIsReadAsAStreamAndStoppedAtItsLimit() throws Exception {
        var within = new MockHttpServletResponse();
        var over = new MockHttpServletResponse();
        AtomicReference<String> seen = new AtomicReference<>();

        filter.doFilter(chunked(IMPORT, "z".repeat(5000).getBytes(), null), within, reading(seen));
        filter.doFilter(chunked(IMPORT, "z".repeat(5001).getBytes(), null), over, reading(new AtomicReference<>()));

        assertThat(within.getStatus()).isEqualTo(200);
        assertThat(seen.get()).hasSize(5000);
        assertThat(over.getStatus()).isEqualTo(413);
    }

    @Test
    void aCompressedImportIsReadDecompressedAndItsDecompressedSizeCounts() throws Exception {
        var small = new MockHttpServletResponse();
        var bomb = new MockHttpServletResponse();
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<String> encodingSeen = new AtomicReference<>("unread");

        filter.doFilter(chunked(IMPORT, gzip("{\"resourceType\":\"Bundle\"}"), "gzip"), small, (request, response) -> {
            encodingSeen.set(((HttpServletRequest) request).getHeader("Content-Encoding"));
            seen.set(new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        });
        byte[] compressedBomb = gzip("0".repeat(100_000));
        filter.doFilter(chunked(IMPORT, compressedBomb, "gzip"), bomb, reading(new AtomicReference<>()));

        assertThat(small.getStatus()).isEqualTo(200);
        assertThat(seen.get()).isEqualTo("{\"resourceType\":\"Bundle\"}");
        assertThat(encodingSeen.get()).as("decoded here, so nothing behind decodes it again").isNull();
        assertThat(compressedBomb.length).isLessThan(5000);
        assertThat(bomb.getStatus()).isEqualTo(413);
    }

    @Test
    void anImportInAnEncodingOtherThanGzipIsRefused() throws Exception {
        var response = new MockHttpServletResponse();
        AtomicReference<String> seen = new AtomicReference<>();

        filter.doFilter(chunked(IMPORT, "{}".getBytes(), "br"), response, reading(seen));

        assertThat(response.getStatus()).isEqualTo(415);
        assertThat(seen.get()).isNull();
    }

    private static MockHttpServletRequest chunked(String path, byte[] body, String encoding) {
        var request = new MockHttpServletRequest("POST", path) {
            @Override
            public long getContentLengthLong() {
                return -1;
            }

            @Override
            public int getContentLength() {
                return -1;
            }
        };
        request.setContent(body);
        request.addHeader("Transfer-Encoding", "chunked");
        if (encoding != null) {
            request.addHeader("Content-Encoding", encoding);
        }
        return request;
    }

    private static FilterChain reading(AtomicReference<String> seen) {
        return (request, response) -> seen.set(new String(request.getInputStream().readAllBytes(),
                StandardCharsets.UTF_8));
    }

    private static byte[] gzip(String text) throws Exception {
        var bytes = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
