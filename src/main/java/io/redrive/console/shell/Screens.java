package io.redrive.console.shell;

import io.redrive.console.SessionContext;
import io.redrive.console.Views;
import io.redrive.console.audit.AuditView;
import io.redrive.console.cache.CacheView;
import io.redrive.console.deadletters.DeadLettersView;
import io.redrive.console.operations.OperationsView;
import io.redrive.console.overview.OverviewView;
import io.redrive.console.retries.RetriesView;
import io.redrive.console.timeline.TimelineView;
import javafx.scene.Node;

import java.util.List;
import java.util.function.BiFunction;

/** The screens of a connection tab, in order: one line each; {@code links} switches between them. */
final class Screens {
    /** A screen: its tab title, its shortcut digit, and how to build it for a connection. */
    record Screen(String title, String id, BiFunction<SessionContext, SessionLinks, Node> build) { }

    static final List<Screen> ALL = List.of(
            new Screen("Overview", "overviewTab", (c, links) -> Views.load(OverviewView.class, type -> new OverviewView(c, links)).root()),
            new Screen("Dead letters", "deadLettersTab", (c, links) -> {
                var loaded = Views.load(DeadLettersView.class, type -> new DeadLettersView(c));
                links.deadLetters = loaded.controller();
                return loaded.root();
            }),
            new Screen("Operations", "operationsTab", (c, links) -> Views.load(OperationsView.class, type -> new OperationsView(c)).root()),
            new Screen("Retries", "retriesTab", (c, links) -> Views.load(RetriesView.class, type -> new RetriesView(c)).root()),
            new Screen("Audit", "auditTab", (c, links) -> Views.load(AuditView.class, type -> new AuditView(c)).root()),
            new Screen("Cache", "cacheTab", (c, links) -> {
                var loaded = Views.load(CacheView.class, type -> new CacheView(c));
                links.cache = loaded.controller();
                return loaded.root();
            }),
            new Screen("Retry timelines", "timelineTab", (c, links) -> Views.load(TimelineView.class, type -> new TimelineView(c)).root())
    );

    private Screens() {
    }
}
