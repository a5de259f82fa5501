package io.redrive.testing;

import io.redrive.console.Confirmation;
import io.redrive.console.DialogService;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link io.redrive.console.DialogService} for view-model tests: answers as told and writes down what it was asked. */
public final class AnsweringDialogs implements DialogService {
    private boolean yes = true;
    private final List<String> asked = new ArrayList<>();
    private final List<Long> typedCounts = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    /** From now on, answer yes (or type the count) when {@code yes}, no otherwise. */
    public AnsweringDialogs answering(boolean yes) {
        this.yes = yes;
        return this;
    }

    /** Every question asked, confirmations and typed confirmations alike. */
    public List<String> asked() {
        return asked;
    }

    /** The counts the operator was asked to type. */
    public List<Long> typedCounts() {
        return typedCounts;
    }

    public List<String> errors() {
        return errors;
    }

    @Override
    public boolean confirm(Confirmation c) {
        asked.add(c.title() + "\n" + c.whatHappens() + "\n" + c.reversibility() + "\n" + c.details());
        if (c.typeCount()) {
            typedCounts.add(c.count());
        }
        return yes;
    }

    @Override
    public boolean confirm(String title, String question) {
        asked.add(question);
        return yes;
    }

    @Override
    public boolean confirmByTyping(String title, String question, long count) {
        asked.add(question);
        typedCounts.add(count);
        return yes;
    }

    @Override
    public void showError(String title, String message, Throwable details) {
        errors.add(title + ": " + message);
    }

    @Override
    public void showInfo(String title, String message) {
        asked.add(message);
    }

    @Override
    public Optional<String> ask(String title, String question, String initial) {
        asked.add(question);
        return yes ? Optional.ofNullable(initial) : Optional.empty();
    }
}
