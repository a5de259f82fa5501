package io.redrive.console.shell;

import io.redrive.console.Environment;
import io.redrive.console.SessionContext;
import io.redrive.console.Styles;
import java.util.Locale;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * A connection tab's content: its banners (production or staging, demo, evicting Redis, read-only, connection lost) over the tabs
 * of its screens.
 */
final class SessionView extends BorderPane {
    private final SessionViewModel model;
    private final Timeline monitor;
    private final TabPane screens = new TabPane();

    SessionView(SessionContext context) {
        this.model = new SessionViewModel(context);
        VBox banners = new VBox(2);  // a gap, so the production banner and the lost one never read as one block
        Environment environment = context.environment();
        if (environment == Environment.PRODUCTION || environment == Environment.STAGING) {
            // the colour says it at a glance, the name says it to everyone (and to a screen reader)
            banners.getChildren().add(banner(environmentBanner(context), environment == Environment.PRODUCTION
                    ? Styles.BANNER_PRODUCTION : Styles.BANNER_STAGING, "environmentBanner"));
        }
        if (environment == Environment.DEMO) {
            banners.getChildren().add(banner("Demo: an embedded Redis with a simulated document-processing backend. "
                    + "Nothing here touches a real system.", Styles.BANNER_DEMO, "demoBanner"));
        }
        String eviction = context.session().evictionWarning();
        if (!eviction.isEmpty()) {
            banners.getChildren().add(banner(eviction, Styles.BANNER_DANGER, "evictionBanner"));
        }
        if (context.readOnly()) {
            banners.getChildren().add(banner("Read-only: Redrive sends no write command on this connection; "
                    + "replay, edit, purge and tuning are disabled.", Styles.READ_ONLY, "readOnlyBanner"));
        }
        Label lost = banner("", Styles.BANNER_LOST, "connectionLostBanner");
        lost.textProperty().bind(model.bannerProperty());
        lost.visibleProperty().bind(model.bannerProperty().isNotEmpty());
        lost.managedProperty().bind(lost.visibleProperty());
        banners.getChildren().add(lost);
        setTop(banners);
        screens.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        screens.setId("screens");
        SessionLinks links = new SessionLinks(screens);
        for (Screens.Screen screen : Screens.ALL) {
            Tab tab = new Tab(screen.title(), screen.build().apply(context, links));
            tab.setId(screen.id());
            screens.getTabs().add(tab);
        }
        setCenter(screens);
        monitor = new Timeline(new KeyFrame(Duration.seconds(1), e -> model.check()));
        monitor.setCycleCount(Timeline.INDEFINITE);
        model.check();
        monitor.play();
    }

    /** "PRODUCTION — redis.example:6379 · prefix redrive". */
    static String environmentBanner(SessionContext context) {
        String where = context.session().engine().redisUrl().replaceFirst("^[a-z-]+://", "");
        return context.environment().label().toUpperCase(Locale.ROOT) + " — " + where
                + " · prefix " + context.session().settings().keyPrefix();
    }

    private static Label banner(String text, String style, String id) {
        Label label = new Label(text);
        label.getStyleClass().addAll(Styles.BANNER, style);
        label.setMaxWidth(Double.MAX_VALUE);
        label.setWrapText(true);
        label.setPadding(new Insets(6, 10, 6, 10));
        label.setId(id);
        return label;
    }

    SessionViewModel model() {
        return model;
    }

    /** Selects the screen at this position (keyboard shortcuts Ctrl+1...). */
    void select(int index) {
        if (index < screens.getTabs().size()) {
            screens.getSelectionModel().select(index);
        }
    }

    void stop() {
        monitor.stop();
    }
}
