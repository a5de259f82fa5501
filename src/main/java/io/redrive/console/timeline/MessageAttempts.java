package io.redrive.console.timeline;

import io.fair_acc.dataset.spi.DoubleDataSet;
import io.redrive.console.SessionContext;
import io.redrive.console.Words;
import io.redrive.engine.DeadLetterDetail;
import io.redrive.engine.Engine;
import io.redrive.engine.Queue;
import io.redrive.redis.RedisConnection;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One message's attempts on the timelines screen: those made and those still to come under its queue's policy,
 * as a table and as bars with the backoff waits between them.
 */
final class MessageAttempts {
    private final SessionContext context;
    private final Engine engine;
    private final Clock clock;
    final StringProperty messageQueue = new SimpleStringProperty("");
    final StringProperty messageId = new SimpleStringProperty("");
    final ReadOnlyStringWrapper messageSummary = new ReadOnlyStringWrapper("Enter a queue and a message id, or open one from the dead letters.");
    final ObservableList<TimelineViewModel.AttemptRow> attempts = FXCollections.observableArrayList();
    final DoubleDataSet attemptSpans = new DoubleDataSet("attempts");
    final DoubleDataSet backoffGaps = new DoubleDataSet("backoff waits");
    final DoubleDataSet projectedAttempts = new DoubleDataSet("projected attempts");

    MessageAttempts(SessionContext context) {
        this.context = context;
        this.engine = context.session().engine();
        this.clock = engine.options().clock();
        attemptSpans.setStyle("-fx-line-width: 6; -fx-marker-size: 4;");
        backoffGaps.setStyle("-fx-line-width: 1.5; -fx-line-dash-array: 6 4; -fx-marker-size: 0;");
        projectedAttempts.setStyle("-fx-line-width: 1.5; -fx-line-dash-array: 2 4; -fx-marker-size: 5;");
    }

    /** Shows one message's attempts: those made, and those still to come under its queue's current policy. */
    void show(String queueName, String id) {
        messageQueue.set(queueName == null ? "" : queueName.trim());
        messageId.set(id == null ? "" : id.trim());
        show();
    }

    /** Shows the message named by {@link #messageQueue} and {@link #messageId}. */
    void show() {
        String q = messageQueue.get() == null ? "" : messageQueue.get().trim();
        String id = messageId.get() == null ? "" : messageId.get().trim();
        if (q.isEmpty() || id.isEmpty()) {
            messageSummary.set("Enter a queue and a message id.");
            return;
        }
        messageSummary.set("Reading message " + id + "…");
        context.tasks().run(() -> {
            Queue queueOf = engine.existingQueue(q);
            Optional<DeadLetterDetail> detail = engine.deadLetters().show(q, id);
            return detail.map(d -> AttemptTimeline.of(d.message(), d.timeline(), queueOf.policy(), clock.instant()));
        }, timeline -> {
            if (timeline.isEmpty()) {
                clearMessage();
                messageSummary.set("There is no message " + id + " in queue " + q + " (done messages are not kept, dead ones are swept after their retention).");
            } else {
                showTimeline(timeline.get());
            }
        }, e -> {
            clearMessage();
            messageSummary.set("Could not read the message: " + RedisConnection.describe(e));
        });
    }

    private void showTimeline(AttemptTimeline t) {
        List<TimelineViewModel.AttemptRow> rows = new ArrayList<>();
        List<double[]> spans = new ArrayList<>();
        List<double[]> gaps = new ArrayList<>();
        List<double[]> projected = new ArrayList<>();
        Instant now = clock.instant();
        AttemptTimeline.Attempt previous = null;
        for (AttemptTimeline.Attempt a : t.attempts()) {
            Instant end = a.end() != null ? a.end() : "running".equals(a.outcome()) ? now : a.start();
            if (a.start() != null) {
                spans.add(new double[] {seconds(a.start()), a.number()});
                spans.add(new double[] {seconds(end), a.number()});
                spans.add(new double[] {Double.NaN, Double.NaN});
            }
            if (previous != null && previous.end() != null && a.start() != null) {
                gaps.add(new double[] {seconds(previous.end()), previous.number()});
                gaps.add(new double[] {seconds(a.start()), a.number()});
                gaps.add(new double[] {Double.NaN, Double.NaN});
            }
            rows.add(new TimelineViewModel.AttemptRow(String.valueOf(a.number()), a.start() == null ? "—" : Words.time(a.start()),
                    a.duration() == null ? ("running".equals(a.outcome()) ? "running" : "—") : Words.duration(a.duration()),
                    a.outcome() + (a.error() == null ? "" : ": " + a.error()),
                    a.waitAfter() == null ? "" : Words.duration(a.waitAfter()), false));
            previous = a;
        }
        Instant from = previous == null ? null : previous.end() != null ? previous.end() : now;
        int fromNumber = previous == null ? 0 : previous.number();
        for (AttemptTimeline.Projected p : t.projected()) {
            if (from != null) {
                projected.add(new double[] {seconds(from), fromNumber});
            }
            projected.add(new double[] {seconds(p.at()), p.number()});
            from = p.at();
            fromNumber = p.number();
            rows.add(new TimelineViewModel.AttemptRow(p.number() + " (projected)", Words.time(p.at()), "",
                    "after a backoff of " + Words.duration(p.delay()), "", true));
        }
        attempts.setAll(rows);
        set(attemptSpans, spans);
        set(backoffGaps, gaps);
        set(projectedAttempts, projected);
        var m = t.message();
        messageSummary.set(String.format("Message %s in queue %s: %s, %d attempt%s made%s%s", m.id(), m.queue(),
                m.state().wireName(), m.attempts(), m.attempts() == 1 ? "" : "s",
                m.lastError() == null ? "" : "; last error: " + m.lastError(),
                t.projected().isEmpty() ? "" : "; " + t.projected().size() + " more at most under the current policy"));
    }

    private void clearMessage() {
        attempts.clear();
        attemptSpans.clearData();
        backoffGaps.clearData();
        projectedAttempts.clearData();
    }

    private static void set(DoubleDataSet data, List<double[]> points) {
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        data.set(x, y, false);
    }

    private static double seconds(Instant at) {
        return at.toEpochMilli() / 1000.0;
    }
}
