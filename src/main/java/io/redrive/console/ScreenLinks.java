package io.redrive.console;

import io.redrive.engine.FailureGroup;

/** How one screen opens another that explains what it shows (the overview's tiles and rows use it). */
public interface ScreenLinks {
    /** Opens the dead letters of this queue, narrowed to this group when it is not null. */
    void openDeadLetters(String queue, FailureGroup group);

    /** Opens the cache screen on this namespace. */
    void openCache(String namespace);

    /** Links that go nowhere, for a screen shown on its own. */
    ScreenLinks NONE = new ScreenLinks() {
        @Override public void openDeadLetters(String queue, FailureGroup group) { }
        @Override public void openCache(String namespace) { }
    };
}
