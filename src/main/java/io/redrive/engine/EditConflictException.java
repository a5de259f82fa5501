package io.redrive.engine;

/** Someone else edited the message since the editor read it; nothing was written. */
public final class EditConflictException extends RuntimeException {
    private final int currentVersion;

    public EditConflictException(String id, int expected, int currentVersion) {
        super("Message " + id + " was edited by someone else meanwhile (you edited version " + expected
                + ", it is now at version " + currentVersion + "); reload it and edit again");
        this.currentVersion = currentVersion;
    }

    public int currentVersion() {
        return currentVersion;
    }
}
