package io.redrive.alerts;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Posts alert notices to webhooks with the JDK's HttpClient, asynchronously: a call returns at once, each request
 * has a timeout, and a failed one (an error, a timeout or a status that is not 2xx) is tried again after a backoff
 * that doubles, up to {@link #TRIES} tries. A webhook that fails every try is logged once and reported to the
 * failure callback (which records it in the history).
 */
public final class Webhooks {
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);
    public static final int TRIES = 3;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);

    private final HttpClient client;
    private final Duration timeout;
    private final Duration backoff;
    private final BiConsumer<String, String> failed;

    /**
     * @param failed told the webhook URL and the reason when every try failed
     */
    public Webhooks(Duration timeout, Duration backoff, BiConsumer<String, String> failed) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.timeout = timeout;
        this.backoff = backoff;
        this.failed = failed;
    }

    /** Sends the body to the URL; the future completes (never exceptionally) when it arrived or every try failed. */
    public CompletableFuture<Boolean> post(String url, String body) {
        return attempt(url, body, 1);
    }

    private CompletableFuture<Boolean> attempt(String url, String body, int attempt) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
                .header("Content-Type", "application/json").header("User-Agent", "Redrive alerts")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> error == null && response.statusCode() / 100 == 2 ? null
                        : error != null ? reason(error) : "it answered HTTP " + response.statusCode())
                .thenCompose(reason -> {
                    if (reason == null) {
                        return CompletableFuture.completedFuture(true);
                    }
                    if (attempt >= TRIES) {
                        log.warn("Alert webhook {} failed {} times; the last time {}", url, TRIES, reason);
                        try {
                            failed.accept(url, reason);
                        } catch (RuntimeException e) {
                            log.warn("Could not record the failed alert webhook {}: {}", url, e.getMessage());
                        }
                        return CompletableFuture.completedFuture(false);
                    }
                    long wait = backoff.toMillis() << (attempt - 1);
                    return CompletableFuture.supplyAsync(() -> null,
                                    CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS))
                            .thenCompose(ignored -> attempt(url, body, attempt + 1));
                });
    }

    private static String reason(Throwable error) {
        Throwable cause = error.getCause() != null ? error.getCause() : error;
        return cause instanceof HttpTimeoutException ? "it did not answer in time"
                : "it could not be reached (" + cause.getClass().getSimpleName() + ")";
    }
}
