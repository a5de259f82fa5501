package io.redrive.cache;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.redrive.ops.Actor;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CacheIT extends CacheTestSupport {
    private static final Actor OPERATOR = Actor.named("ops@test");

    @Test
    void aLoadedRecordIsStoredAsJsonUnderItsNamespaceTtlAndServedWithoutLoadingAgain() {
        Cache cache = cache();
        AtomicInteger loads = new AtomicInteger();

        Document first = cache.getOrLoad("document", "42", Document.class, () -> {
            loads.incrementAndGet();
            return document("42");
        });
        Document second = cache.getOrLoad("document", "42", Document.class, () -> {
            loads.incrementAndGet();
            return new Document("42", "a different title", List.of());
        });

        assertThat(first).isEqualTo(document("42"));
        assertThat(second).isEqualTo(document("42"));
        assertThat(loads).hasValue(1);
        assertThat(cache.get("document", "42", Document.class)).contains(document("42"));
        String valueKey = keys.value("document", "42");
        byte[] stored = rawGet(valueKey);
        assertThat(stored).startsWith('R', 0);
        assertThat(new String(stored, 2, stored.length - 2, StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":\"42\",\"title\":\"Report 42\",\"authors\":[\"ada\",\"grace\"]}");
        assertThat(pttl(valueKey)).isBetween(Duration.ofSeconds(3590).toMillis(), Duration.ofSeconds(3600).toMillis());
    }

    @Test
    void eachNamespaceWritesWithItsOwnTtlAndUnknownNamespacesWithTheDefault() {
        Cache cache = cache(b -> b.namespaceTtl("job_status", Duration.ofSeconds(30)));

        cache.put("user", "7", new User("7", "Ada"));
        cache.put("job_status", "run-1", "running", CacheCodec.string());
        cache.put("reports", "q3", document("q3"));

        assertThat(pttl(keys.value("user", "7"))).isBetween(890_000L, 900_000L);
        assertThat(pttl(keys.value("job_status", "run-1"))).isBetween(20_000L, 30_000L);
        assertThat(pttl(keys.value("reports", "q3"))).isBetween(290_000L, 300_000L);
        assertThat(cache.get("user", "7", User.class)).contains(new User("7", "Ada"));
        assertThat(cache.get("job_status", "run-1", CacheCodec.string())).contains("running");
    }

    @Test
    void aMissIsEmptyAndALoaderReturningNullCachesNothing() {
        Cache cache = cache();
        AtomicInteger loads = new AtomicInteger();

        assertThat(cache.get("user", "nobody", User.class)).isEmpty();
        assertThat(cache.<User>getOrLoad("user", "nobody", User.class, () -> {
            loads.incrementAndGet();
            return null;
        })).isNull();
        cache.getOrLoad("user", "nobody", User.class, () -> {
            loads.incrementAndGet();
            return null;
        });

        assertThat(loads).hasValue(2);
        assertThat(exists(keys.value("user", "nobody"))).isFalse();
    }

    @Test
    void withCachingDisabledEveryLoadGoesStraightThroughAndNothingReachesRedis() {
        Cache cache = cache(b -> b.enabled(false));
        AtomicInteger loads = new AtomicInteger();

        for (int i = 0; i < 3; i++) {
            assertThat(cache.getOrLoad("document", "42", Document.class, () -> {
                loads.incrementAndGet();
                return document("42");
            })).isEqualTo(document("42"));
        }
        cache.put("user", "7", new User("7", "Ada"));

        assertThat(loads).hasValue(3);
        assertThat(cache.get("user", "7", User.class)).isEmpty();
        assertThat(cache.settings("document").enabled()).isFalse();
        cache.close();  // flushes statistics, the last chance to write anything
        assertThat(keysOfThisTest()).isEmpty();
    }

    @Test
    void aNamespaceTurnedOffLiveIsLoadedThroughUntilItIsTurnedOnAgain() {
        Cache cache = cache();
        cache.put("user", "7", new User("7", "Ada"));
        AtomicInteger loads = new AtomicInteger();
        Function<String, Document> load = id -> {
            loads.incrementAndGet();
            return document(id);
        };

        cache.admin().setEnabled("graph", false, OPERATOR);
        cache.getOrLoad("graph", "node-1", Document.class, () -> load.apply("node-1"));
        cache.getOrLoad("graph", "node-1", Document.class, () -> load.apply("node-1"));
        cache.put("graph", "node-2", document("node-2"));

        assertThat(cache.settings("graph").enabled()).isFalse();
        assertThat(cache.settings("graph").overridden()).isTrue();
        assertThat(loads).hasValue(2);
        assertThat(exists(keys.value("graph", "node-1"))).isFalse();
        assertThat(exists(keys.value("graph", "node-2"))).isFalse();
        assertThat(cache.get("user", "7", User.class)).as("other namespaces keep caching").contains(new User("7", "Ada"));

        cache.admin().setEnabled("graph", true, OPERATOR);
        cache.getOrLoad("graph", "node-1", Document.class, () -> load.apply("node-1"));
        cache.getOrLoad("graph", "node-1", Document.class, () -> load.apply("node-1"));

        assertThat(loads).hasValue(3);
        assertThat(exists(keys.value("graph", "node-1"))).isTrue();
    }

    @Test
    void aLargeCompressibleValueIsStoredCompressedAndReadBackWhole() {
        Cache cache = cache();
        String large = new String(StoredValueTest.compressible(100_000), StandardCharsets.UTF_8);

        cache.put("document", "big", large, CacheCodec.string());
        cache.put("document", "small", "a short value", CacheCodec.string());

        byte[] stored = rawGet(keys.value("document", "big"));
        assertThat(stored).startsWith('R', 1);
        assertThat(stored.length).isLessThan(10_000);
        assertThat(cache.get("document", "big", CacheCodec.string())).contains(large);
        assertThat(rawGet(keys.value("document", "small"))).startsWith('R', 0);
        assertThat(cache.get("document", "small", CacheCodec.string())).contains("a short value");
    }

    @Test
    void aCachedFunctionIsCalledOnceForRepeatedCallsWithTheSameArgument() {
        Cache cache = cache();
        Map<String, Integer> calls = new HashMap<>();
        Function<String, Document> summarise = cache.cached("document", Document.class, id -> {
            calls.merge(id, 1, Integer::sum);
            return document(id);
        });

        assertThat(summarise.apply("1")).isEqualTo(document("1"));
        assertThat(summarise.apply("1")).isEqualTo(document("1"));
        assertThat(summarise.apply("2")).isEqualTo(document("2"));

        assertThat(calls).containsExactlyInAnyOrderEntriesOf(Map.of("1", 1, "2", 1));
        assertThat(exists(keys.value("document", "1"))).isTrue();
    }

    /** A service the proxy decorates: reads are cached per document, writes invalidate the document's entries. */
    interface DocumentService {
        @Cached(namespace = "document", key = "{0}", tags = "document:{0}")
        Document find(String id);

        @InvalidatesCache(namespace = "document", key = "{0}", tags = "document:{0}")
        void rename(String id, String title);
    }

    static final class InMemoryDocuments implements DocumentService {
        final Map<String, Document> documents = new HashMap<>();
        final AtomicInteger finds = new AtomicInteger();

        @Override
        public Document find(String id) {
            finds.incrementAndGet();
            return documents.get(id);
        }

        @Override
        public void rename(String id, String title) {
            Document old = documents.get(id);
            documents.put(id, new Document(id, title, old.authors()));
        }
    }

    @Test
    void aWriteThroughTheProxyInvalidatesSoTheNextReadCallsTheTargetAgain() {
        Cache cache = cache();
        InMemoryDocuments target = new InMemoryDocuments();
        target.documents.put("42", document("42"));
        DocumentService service = cache.proxy(DocumentService.class, target);
        cache.put("vector_search", "q:reports", List.of("42"), "document:42");

        assertThat(service.find("42")).isEqualTo(document("42"));
        assertThat(service.find("42")).isEqualTo(document("42"));
        assertThat(target.finds).hasValue(1);
        assertThat(exists(keys.tag("document:42"))).isTrue();

        service.rename("42", "Renamed");

        assertThat(exists(keys.value("vector_search", "q:reports"))).as("tagged entries go too").isFalse();
        assertThat(service.find("42").title()).isEqualTo("Renamed");
        assertThat(target.finds).hasValue(2);
        assertThat(service.find("42").title()).isEqualTo("Renamed");
        assertThat(target.finds).hasValue(2);
    }

    /** Search results are lists: the proxy must read them back as lists of documents, not of JSON objects. */
    interface SearchService {
        @Cached(namespace = "vector_search", key = "{0}")
        List<Document> search(String query);
    }

    @Test
    void aProxiedMethodReturningAGenericTypeReadsItsCachedValueBackAsThatType() {
        Cache cache = cache();
        AtomicInteger searches = new AtomicInteger();
        SearchService service = cache.proxy(SearchService.class, query -> {
            searches.incrementAndGet();
            return List.of(document("42"), document("43"));
        });

        List<Document> first = service.search("quarterly");
        List<Document> cached = service.search("quarterly");

        assertThat(searches).hasValue(1);
        assertThat(cached).isEqualTo(first);
        assertThat(cached.get(0)).isInstanceOf(Document.class);
        assertThat(cached.get(0).title()).isEqualTo("Report 42");
    }

    @Test
    void onlyInterfacesCanBeProxied() {
        Cache cache = cache();

        assertThatThrownBy(() -> cache.proxy(InMemoryDocuments.class, new InMemoryDocuments()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only interfaces can be proxied");
    }

    @Test
    void invalidatingATagRemovesEveryEntryCarryingItInAnyNamespaceAndNoOther() {
        Cache cache = cache();
        cache.put("document", "42", document("42"), "document:42");
        cache.put("document", "42:summary", "a summary", CacheCodec.string(), "document:42");
        cache.put("vector_search", "q:reports", List.of("42", "43"), "document:42", "document:43");
        cache.put("document", "43", document("43"), "document:43");

        long removed = cache.invalidateTag("document:42");

        assertThat(removed).isEqualTo(3);
        assertThat(exists(keys.value("document", "42"))).isFalse();
        assertThat(exists(keys.value("document", "42:summary"))).isFalse();
        assertThat(exists(keys.value("vector_search", "q:reports"))).isFalse();
        assertThat(exists(keys.tag("document:42"))).isFalse();
        assertThat(cache.get("document", "43", Document.class)).contains(document("43"));
        assertThat(cache.invalidateTag("document:42")).isZero();
    }

    @Test
    void aTagLivesAsLongAsItsLongestLivedEntryEvenWhenAShortLivedOneIsTaggedLater() {
        Cache cache = cache();
        cache.put("document", "42", document("42"), "document:42");
        cache.put("job_status", "reindex-42", "running", CacheCodec.string(), "document:42");

        assertThat(pttl(keys.tag("document:42"))).isGreaterThanOrEqualTo(pttl(keys.value("document", "42")));
    }

    @Test
    void invalidatingANamespaceRemovesAllItsKeysAndNoneOfAnother() {
        Cache cache = cache();
        for (int i = 0; i < 3; i++) {
            cache.put("graph", "node-" + i, document("node-" + i));
        }
        cache.put("user", "1", new User("1", "Ada"));
        cache.put("user", "2", new User("2", "Grace"));

        long removed = cache.invalidateNamespace("graph");

        assertThat(removed).isEqualTo(3);
        assertThat(cache.admin().keyCount("graph")).isZero();
        assertThat(cache.admin().keyCount("user")).isEqualTo(2);
        assertThat(cache.get("user", "1", User.class)).contains(new User("1", "Ada"));
    }

    @Test
    void aCorruptValueIsAMissThatIsRemovedCountedAndLogged() {
        Cache cache = cache();
        String valueKey = keys.value("document", "42");
        raw.await(raw.commands().set(valueKey, new byte[]{0x13, 0x37, 'n', 'o', 't', ' ', 'j', 's', 'o', 'n'}));
        Logger logger = (Logger) LoggerFactory.getLogger(Cache.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            assertThat(cache.get("document", "42", Document.class)).isEmpty();
        } finally {
            logger.detachAppender(logged);
        }

        assertThat(exists(valueKey)).isFalse();
        CacheCounters counters = cache.localStats().get("document");
        assertThat(counters.errors()).isEqualTo(1);
        assertThat(counters.misses()).isEqualTo(1);
        assertThat(counters.hits()).isZero();
        assertThat(logged.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage())
                    .contains("Cache value " + valueKey + " cannot be read")
                    .contains("marker");
        });
    }

    @Test
    void aValueTheCodecCannotReadIsReplacedByTheLoadersValue() {
        Cache cache = cache();
        String valueKey = keys.value("document", "42");
        byte[] notADocument = StoredValue.wrap("[1, 2, 3".getBytes(StandardCharsets.UTF_8), 1024);
        raw.await(raw.commands().set(valueKey, notADocument));

        Document loaded = cache.getOrLoad("document", "42", Document.class, () -> document("42"));

        assertThat(loaded).isEqualTo(document("42"));
        assertThat(cache.get("document", "42", Document.class)).contains(document("42"));
        assertThat(cache.localStats().get("document").errors()).isEqualTo(1);
    }

    @Test
    void aLoadersOwnExceptionReachesTheCallerUnchangedAndNothingIsCached() {
        Cache cache = cache();
        IllegalStateException failure = new IllegalStateException("the summariser is down");

        assertThatThrownBy(() -> cache.getOrLoad("document", "42", Document.class, () -> {
            throw failure;
        })).isSameAs(failure);

        assertThat(exists(keys.value("document", "42"))).isFalse();
        assertThat(cache.getOrLoad("document", "42", Document.class, () -> document("42"))).isEqualTo(document("42"));
    }

    @Test
    void anEmptyKeyOrABadNamespaceIsRefusedWithAReason() {
        Cache cache = cache();

        assertThatThrownBy(() -> cache.get("document", "", Document.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A cache key must not be empty");
        assertThatThrownBy(() -> cache.put("no spaces", "1", document("1")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Invalid cache namespace 'no spaces'");
    }
}
