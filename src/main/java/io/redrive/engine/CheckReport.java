package io.redrive.engine;

import java.util.List;

/**
 * What {@link Engine#check()} found.
 *
 * @param messagesChecked how many distinct message ids it examined
 * @param problems        one plain sentence per broken invariant; empty when all is well
 */
public record CheckReport(long messagesChecked, List<String> problems) {
    public boolean isClean() {
        return problems.isEmpty();
    }
}
