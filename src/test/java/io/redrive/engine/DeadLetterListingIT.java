package io.redrive.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterListingIT extends DeadLetterTestSupport {
    private final Function<Delivery, Exception> gatewayTimeout =
            d -> new IllegalStateException("payment gateway timed out after " + (3000 + d.text().length()) + " ms");
    private final Function<Delivery, Exception> noAddress =
            d -> new IllegalArgumentException("order " + d.text().length() + " has no delivery address");

    @Test
    void theFirstPageHoldsTheNewestDeadLettersAndTheOldestSortStartsFromTheOtherEnd() {
        Engine engine = oneAttemptEngine();
        List<String> byDeath = new ArrayList<>();
        List<Instant> deaths = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            deaths.add(clock.instant());
            byDeath.add(deadLetter(engine, "orders", OutgoingMessage.json("{\"order\":" + i + "}"), gatewayTimeout));
            clock.advance(Duration.ofMinutes(1));
        }
        DeadLetters letters = engine.deadLetters();

        DeadLetterPage newest = letters.page(DeadLetterQuery.builder().queue("orders").limit(4).build());
        DeadLetterPage oldest = letters.page(DeadLetterQuery.builder().queue("orders").sort(DeadLetterQuery.Sort.OLDEST).limit(4).build());

        assertThat(ids(newest.items())).containsExactly(byDeath.get(5), byDeath.get(4), byDeath.get(3), byDeath.get(2));
        assertThat(newest.items()).extracting(DeadLetter::deadAt).containsExactly(deaths.get(5), deaths.get(4), deaths.get(3), deaths.get(2));
        assertThat(newest.total()).isEqualTo(6);
        assertThat(newest.hasMore()).isTrue();
        assertThat(ids(oldest.items())).containsExactly(byDeath.get(0), byDeath.get(1), byDeath.get(2), byDeath.get(3));
        DeadLetter first = oldest.items().get(0);
        assertThat(first.queue()).isEqualTo("orders");
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.errorClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(first.lastError()).isEqualTo("IllegalStateException: payment gateway timed out after 3011 ms");
        assertThat(first.deadReason()).isEqualTo("exhausted");
        assertThat(first.payloadBytes()).isEqualTo("{\"order\":0}".length());
        assertThat(first.version()).isZero();
    }

    @Test
    void pagingWithTheCursorReturnsEveryDeadLetterOfEveryQueueExactlyOnceInTimeOrder() {
        Engine engine = oneAttemptEngine();
        List<String> all = new ArrayList<>();
        // single deaths and whole batches that die in the same millisecond, interleaved across two queues
        all.addAll(deadLetters(engine, "orders", 3, gatewayTimeout));
        clock.advance(Duration.ofSeconds(1));
        all.addAll(deadLetters(engine, "invoices", 2, noAddress));
        clock.advance(Duration.ofSeconds(1));
        all.addAll(deadLetters(engine, "orders", 20, gatewayTimeout));
        clock.advance(Duration.ofSeconds(1));
        all.addAll(deadLetters(engine, "invoices", 20, noAddress));
        clock.advance(Duration.ofSeconds(1));
        all.addAll(deadLetters(engine, "orders", 1, gatewayTimeout));
        clock.advance(Duration.ofSeconds(1));
        all.addAll(deadLetters(engine, "invoices", 1, noAddress));
        DeadLetters letters = engine.deadLetters();

        for (DeadLetterQuery.Sort sort : List.of(DeadLetterQuery.Sort.NEWEST, DeadLetterQuery.Sort.OLDEST)) {
            DeadLetterQuery query = DeadLetterQuery.builder().sort(sort).limit(7).build();
            List<DeadLetter> paged = allPages(letters, query);

            assertThat(ids(paged)).as("%s first", sort).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);
            Comparator<Instant> order = sort == DeadLetterQuery.Sort.NEWEST ? Comparator.reverseOrder() : Comparator.naturalOrder();
            assertThat(paged).extracting(DeadLetter::deadAt).as("%s first", sort).isSortedAccordingTo(order);
            assertThat(paged).extracting(DeadLetter::queue).contains("orders", "invoices");
            assertThat(letters.page(query).total()).isEqualTo(47);
        }
    }

    @Test
    void jumpingToAPageGivesTheLettersPagingWouldReachThere() {
        Engine engine = oneAttemptEngine();
        for (int i = 0; i < 4; i++) {
            deadLetters(engine, "orders", 6, gatewayTimeout);
            clock.advance(Duration.ofMinutes(1));
        }
        DeadLetters letters = engine.deadLetters();
        DeadLetterQuery query = DeadLetterQuery.builder().queue("orders").limit(5).build();
        List<DeadLetter> paged = allPages(letters, query);

        DeadLetterPage third = letters.pageAt(query, 10);

        assertThat(ids(third.items())).containsExactlyElementsOf(ids(paged.subList(10, 15)));
        assertThat(third.total()).isEqualTo(24);
        DeadLetterPage rest = letters.page(query, third.cursor());
        assertThat(ids(rest.items())).containsExactlyElementsOf(ids(paged.subList(15, 20)));
        assertThat(letters.pageAt(query, 22).items()).hasSize(2);
        assertThat(letters.pageAt(query, 22).hasMore()).isFalse();
    }

    @Test
    void filtersByErrorClassGroupTimeErrorTextPayloadHeaderAndAttemptsAloneAndCombined() {
        Engine engine = oneAttemptEngine();
        Instant t0 = clock.instant();
        List<String> acmeTimeouts = deadLetters(engine, "orders", List.of(
                order(1, "A-1", "acme"), order(2, "A-1", "acme"), order(3, "B-7", "acme")), gatewayTimeout);
        clock.advance(Duration.ofHours(1));
        List<String> globexNoAddress = deadLetters(engine, "orders",
                List.of(order(4, "A-1", "globex"), order(5, "C-3", "globex").header("rush", "yes")), noAddress);
        clock.advance(Duration.ofHours(1));
        Instant t2 = clock.instant();
        String lateTimeout = deadLetter(engine, "orders", order(6, "B-7", "acme"), gatewayTimeout);
        engine.queue("retried").updatePolicy(THREE_QUICK_ATTEMPTS);
        List<String> exhausted = deadLetters(engine, "retried", List.of(order(7, "A-1", "initech"), order(8, "A-1", "initech")),
                d -> new IllegalStateException("inventory service unavailable"));
        String refusedAtOnce = deadLetter(engine, "retried", order(9, "A-1", "initech"),
                d -> new NonRetryableException("order 9 is malformed"));
        DeadLetters letters = engine.deadLetters();
        String timeoutGroup = letters.show("orders", acmeTimeouts.get(0)).orElseThrow().group();

        assertThat(found(letters, q -> q.queue("orders").errorClass(IllegalStateException.class.getName())))
                .containsExactlyInAnyOrder(acmeTimeouts.get(0), acmeTimeouts.get(1), acmeTimeouts.get(2), lateTimeout);
        assertThat(found(letters, q -> q.errorClass(IllegalStateException.class.getName())))
                .as("every queue").hasSize(6).containsAll(exhausted);
        assertThat(found(letters, q -> q.queue("orders").group(timeoutGroup)))
                .containsExactlyInAnyOrder(acmeTimeouts.get(0), acmeTimeouts.get(1), acmeTimeouts.get(2), lateTimeout);
        assertThat(found(letters, q -> q.queue("orders").between(t0.plusSeconds(1), t2)))
                .containsExactlyInAnyOrder(globexNoAddress.get(0), globexNoAddress.get(1), lateTimeout);
        assertThat(found(letters, q -> q.queue("orders").between(t0, t0.plus(Duration.ofMinutes(59)))))
                .containsExactlyInAnyOrderElementsOf(acmeTimeouts);
        assertThat(found(letters, q -> q.errorText("DELIVERY ADDRESS"))).containsExactlyInAnyOrderElementsOf(globexNoAddress);
        assertThat(found(letters, q -> q.payloadText("\"sku\":\"b-7\""))).containsExactlyInAnyOrder(acmeTimeouts.get(2), lateTimeout);
        assertThat(found(letters, q -> q.header("tenant", "globex"))).containsExactlyInAnyOrderElementsOf(globexNoAddress);
        assertThat(found(letters, q -> q.header("rush", null))).containsExactly(globexNoAddress.get(1));
        assertThat(found(letters, q -> q.attempts(2, null))).containsExactlyInAnyOrderElementsOf(exhausted);
        assertThat(found(letters, q -> q.queue("retried").attempts(1, 1))).containsExactly(refusedAtOnce);
        assertThat(found(letters, q -> q.queue("orders").errorClass(IllegalStateException.class.getName())
                .between(t0, t0.plusSeconds(1)).payloadText("A-1").header("tenant", "acme")))
                .containsExactlyInAnyOrder(acmeTimeouts.get(0), acmeTimeouts.get(1));
        assertThat(found(letters, q -> q.errorClass(IllegalArgumentException.class.getName()).header("tenant", "acme"))).isEmpty();
    }

    @Test
    void countAndThePageTotalAreExactForIndexConditionsAndAnUpperBoundForScanningOnes() {
        Engine engine = oneAttemptEngine();
        deadLetters(engine, "orders", List.of(order(1, "A-1", "acme"), order(2, "A-1", "acme"), order(3, "B-7", "acme")), gatewayTimeout);
        clock.advance(Duration.ofHours(1));
        Instant later = clock.instant();
        deadLetters(engine, "orders", List.of(order(4, "A-1", "globex"), order(5, "C-3", "globex")), noAddress);
        deadLetters(engine, "invoices", 4, noAddress);
        DeadLetters letters = engine.deadLetters();

        assertThat(letters.count(DeadLetterQuery.builder().build())).isEqualTo(9);
        assertThat(letters.count(DeadLetterQuery.builder().queue("orders").build())).isEqualTo(5);
        assertThat(letters.count(DeadLetterQuery.builder().errorClass(IllegalArgumentException.class.getName()).build())).isEqualTo(6);
        assertThat(letters.count(DeadLetterQuery.builder().queue("orders").between(later, null).build())).isEqualTo(2);
        assertThat(letters.count(DeadLetterQuery.builder().queue("orders").between(null, later.minusMillis(1)).build())).isEqualTo(3);

        DeadLetterPage scanned = letters.page(DeadLetterQuery.builder().queue("orders").payloadText("B-7").limit(10).build());
        assertThat(ids(scanned.items())).hasSize(1);
        assertThat(scanned.total()).as("upper bound: every dead letter of the queue").isEqualTo(5);
        assertThat(scanned.scanned()).isEqualTo(5);
        assertThat(scanned.hasMore()).isFalse();
        DeadLetterPage small = letters.page(DeadLetterQuery.builder().limit(2).build());
        assertThat(small.items()).hasSize(2);
        assertThat(small.total()).isEqualTo(9);
    }

    @Test
    void theMostAttemptsSortPutsTheMostTriedFirst() {
        Engine engine = oneAttemptEngine();
        engine.queue("retried").updatePolicy(THREE_QUICK_ATTEMPTS);
        String once = deadLetter(engine, "retried", OutgoingMessage.of("bad"), d -> new NonRetryableException("malformed"));
        String thrice = deadLetter(engine, "retried", OutgoingMessage.of("flaky"), d -> new IllegalStateException("flaky"));

        DeadLetterPage page = engine.deadLetters().page(DeadLetterQuery.builder().sort(DeadLetterQuery.Sort.MOST_ATTEMPTS).build());

        assertThat(ids(page.items())).containsExactly(thrice, once);
        assertThat(page.items()).extracting(DeadLetter::attempts).containsExactly(3, 1);
    }

    private static OutgoingMessage order(int n, String sku, String tenant) {
        return OutgoingMessage.json("{\"order\":" + n + ",\"sku\":\"" + sku + "\"}").header("tenant", tenant);
    }

    private static List<String> found(DeadLetters letters, Function<DeadLetterQuery.Builder, DeadLetterQuery.Builder> query) {
        return ids(allPages(letters, query.apply(DeadLetterQuery.builder().limit(3)).build()));
    }
}
