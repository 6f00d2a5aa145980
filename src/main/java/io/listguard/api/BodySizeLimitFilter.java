package io.listguard.api;

import io.listguard.config.LimitsProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Caps the body of every request that is not a multipart upload at {@code listguard.limits.max-body-size}
 * (default 50 MB): a declared Content-Length over the limit is answered 413 {@code payload-too-large} at once,
 * without reading the body; a body sent without a length (chunked) is counted as it is read and stopped when it
 * grows past the limit ({@link PayloadTooLargeException}, answered 413 by {@link ProblemDetailsAdvice}). Multipart
 * uploads (the bulk records file, policy workbooks) keep Spring's multipart limits
 * ({@code spring.servlet.multipart.*}, 413 {@code upload-too-large}).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class BodySizeLimitFilter extends OncePerRequestFilter {

    /** The body grew past the limit while it was read. An IOException, as the failure of the stream it comes from. */
    static final class PayloadTooLargeException extends IOException {
        final long limit;

        PayloadTooLargeException(long limit) {
            super("the request body is larger than the limit of " + limit + " bytes");
            this.limit = limit;
        }
    }

    private final long limit;
    private final JsonMapper json;

    BodySizeLimitFilter(ObjectProvider<LimitsProperties> limits, JsonMapper json) {
        this.limit = limits.getIfAvailable(() -> new LimitsProperties(null, null, null, null)).maxBodySize().toBytes();
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String type = request.getContentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            chain.doFilter(request, response);
            return;
        }
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            reject(response, limit, ApiLanguage.of(request));
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    /** A 413 problem+json written by the filter itself (the request never reaches Spring MVC). */
    private void reject(HttpServletResponse response, long max, Locale locale) throws IOException {
        ProblemDetail problem = problem(max, locale);
        response.setStatus(HttpStatus.CONTENT_TOO_LARGE.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        // the body is left unread: the container closes the connection rather than read a large body
        response.setHeader("Connection", "close");
        response.getOutputStream().write(json.writeValueAsBytes(problem));
    }

    static ProblemDetail problem(long max, Locale locale) {
        ProblemDetail problem = ProblemDetailsAdvice.problem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", locale,
                io.listguard.domain.Messages.text(locale, "api.payloadTooLarge", human(max, locale)));
        problem.setProperty("code", "api.payloadTooLarge");
        problem.setProperty("limit", max);
        return problem;
    }

    /** A size in words of a language: "1 MB" / "1 Mo", "512 KB" / "512 Ko", "1,500 bytes" / "1 500 octets". */
    static String human(long bytes, Locale locale) {
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return io.listguard.domain.Messages.text(locale, "api.size.mb", bytes / (1024 * 1024));
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return io.listguard.domain.Messages.text(locale, "api.size.kb", bytes / 1024);
        }
        return io.listguard.domain.Messages.text(locale, "api.size.bytes", bytes);
    }

    /** The request with its body counted as it is read. */
    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;
        private BufferedReader reader;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new Counting(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), charset));
            }
            return reader;
        }
    }

    private static final class Counting extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long count;

        Counting(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws PayloadTooLargeException {
            count += n;
            if (count > limit) {
                throw new PayloadTooLargeException(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
