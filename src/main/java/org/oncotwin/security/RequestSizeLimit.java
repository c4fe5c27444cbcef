package org.oncotwin.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.Enumeration;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses API requests (OncoTwin's, the engine's, the web apps' and the centres' notifications) whose body is larger
 * than {@code oncotwin.api.max-request-size} (default 1 MB) with 413 and a problem detail, before anything reads
 * them, also when the client sends the body in chunks without saying its length. No intake or notification needs
 * more. Record imports ({@code POST /api/twins/{id}/records}) are read as a stream and may be up to
 * {@code oncotwin.api.max-import-size} (default 64 MB: some 10,000 resources), also after decompression when the
 * export is sent gzip-compressed ({@code Content-Encoding: gzip}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimit extends OncePerRequestFilter {

    private static final Pattern RECORD_IMPORT = Pattern.compile("/api/twins/[^/]+/records");

    private final long maxBytes;
    private final long maxImportBytes;

    RequestSizeLimit(@Value("${oncotwin.api.max-request-size:1MB}") DataSize maxRequestSize,
                     @Value("${oncotwin.api.max-import-size:64MB}") DataSize maxImportSize) {
        this.maxBytes = maxRequestSize.toBytes();
        this.maxImportBytes = maxImportSize.toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !path.startsWith("/api/") && !path.startsWith("/engine-rest/") && !path.startsWith("/camunda/api/")
                && !path.startsWith("/centre-notifications/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean recordImport = "POST".equals(request.getMethod())
                && RECORD_IMPORT.matcher(request.getRequestURI()).matches();
        long limit = recordImport ? maxImportBytes : maxBytes;
        if (request.getContentLengthLong() > limit) {
            refuse(request, response, 413, "Payload too large", "The request body is larger than " + limit
                    + " bytes");
            return;
        }
        if (recordImport) {
            String encoding = request.getHeader("Content-Encoding");
            if (encoding != null && !encoding.isBlank() && !"identity".equalsIgnoreCase(encoding.trim())
                    && !"gzip".equalsIgnoreCase(encoding.trim())) {
                refuse(request, response, 415, "Unsupported content encoding", "An export is read as sent or "
                        + "gzip-compressed (Content-Encoding: gzip), not " + encoding.replace("\"", ""));
                return;
            }
            boolean gzip = encoding != null && "gzip".equalsIgnoreCase(encoding.trim());
            try {
                chain.doFilter(new ImportBody(request, limit, gzip), response);
            } catch (ServletException | RuntimeException e) {
                if (!tooLarge(e) || response.isCommitted()) {
                    throw e;
                }
                refuse(request, response, 413, "Payload too large", "The request body is larger than " + limit
                        + " bytes");
            }
            return;
        }
        if (request.getContentLengthLong() < 0 && bodyMayFollow(request)) {
            // sent in chunks: read up to the limit here, so that nothing behind holds more in memory
            byte[] body = request.getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length > limit) {
                refuse(request, response, 413, "Payload too large", "The request body is larger than " + limit
                        + " bytes");
                return;
            }
            chain.doFilter(new CachedBody(request, body), response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static boolean bodyMayFollow(HttpServletRequest request) {
        return request.getHeader("Transfer-Encoding") != null;
    }

    private static boolean tooLarge(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RequestTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String title,
                               String detail) throws IOException {
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\",\"instance\":\"" + request.getRequestURI().replace("\"", "")
                + "\"}");
    }

    /**
     * An import's body as the import reads it: decompressed if sent with gzip, and never more than the limit (a
     * chunked body or a compressed one does not say its size in advance): past it, reading fails with
     * {@link RequestTooLargeException}, answered 413.
     */
    private static final class ImportBody extends HttpServletRequestWrapper {
        private final long limit;
        private final boolean gzip;

        ImportBody(HttpServletRequest request, long limit, boolean gzip) {
            super(request);
            this.limit = limit;
            this.gzip = gzip;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            InputStream raw = new Limited(super.getInputStream(), limit);
            if (!gzip) {
                return new Stream(raw);
            }
            try {
                return new Stream(new Limited(new GZIPInputStream(raw, 64 * 1024), limit));
            } catch (ZipException | EOFException e) {
                throw new UnreadableBodyException("The body is said to be gzip-compressed (Content-Encoding: gzip) "
                        + "but is not");
            }
        }

        @Override
        public BufferedReader getReader() throws IOException {
            return new BufferedReader(new InputStreamReader(getInputStream(), getCharacterEncoding() == null
                    ? StandardCharsets.UTF_8.name() : getCharacterEncoding()));
        }

        @Override
        public String getHeader(String name) {
            return gzip && "Content-Encoding".equalsIgnoreCase(name) ? null : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return gzip && "Content-Encoding".equalsIgnoreCase(name) ? Collections.emptyEnumeration()
                    : super.getHeaders(name);
        }

        @Override
        public long getContentLengthLong() {
            return gzip ? -1 : super.getContentLengthLong();
        }

        @Override
        public int getContentLength() {
            return gzip ? -1 : super.getContentLength();
        }
    }

    private static final class Limited extends FilterInputStream {
        private final long limit;
        private long read;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) {
            read += n;
            if (read > limit) {
                throw new RequestTooLargeException(limit);
            }
        }
    }

    private static final class Stream extends ServletInputStream {
        private final InputStream in;
        private boolean finished;

        Stream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            finished = b < 0;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            finished = n < 0;
            return n;
        }

        @Override
        public boolean isFinished() {
            return finished;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("read synchronously");
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
