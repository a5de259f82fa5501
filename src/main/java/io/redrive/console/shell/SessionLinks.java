package io.redrive.console.shell;

import io.redrive.console.ScreenLinks;
import io.redrive.console.cache.CacheView;
import io.redrive.console.deadletters.DeadLettersView;
import io.redrive.engine.FailureGroup;
import javafx.scene.control.TabPane;

/** A connection tab's links between its screens: selects the screen's tab and shows what the link is about. */
final class SessionLinks implements ScreenLinks {
    private final TabPane tabs;
    DeadLettersView deadLetters;
    CacheView cache;

    SessionLinks(TabPane tabs) {
        this.tabs = tabs;
    }

    @Override
    public void openDeadLetters(String queue, FailureGroup group) {
        select("deadLettersTab");
        deadLetters.model().show(queue, group);
    }

    @Override
    public void openCache(String namespace) {
        select("cacheTab");
        var row = cache.model().row(namespace);
        if (row != null) {
            cache.model().select(row);
        }
    }

    private void select(String id) {
        tabs.getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().ifPresent(t -> tabs.getSelectionModel().select(t));
    }
}
