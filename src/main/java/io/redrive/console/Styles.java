package io.redrive.console;

/** Style-class names used from Java; the stylesheet (redrive.css) styles them with the looked-up colours on .root. */
public final class Styles {
    public static final String BANNER = "rd-banner";
    public static final String BANNER_DANGER = "rd-banner-danger";
    public static final String BANNER_DEMO = "rd-banner-demo";
    public static final String BANNER_LOST = "rd-banner-lost";
    public static final String BANNER_PRODUCTION = "rd-banner-production";
    public static final String BANNER_STAGING = "rd-banner-staging";
    public static final String READ_ONLY = "rd-read-only";
    public static final String ENV_LABEL = "rd-env-label";
    public static final String STATUS_BAR = "rd-status-bar";
    public static final String COUNT_DEAD = "rd-count-dead";
    public static final String COUNT_SCHEDULED = "rd-count-scheduled";
    public static final String MONO = "rd-mono";
    public static final String JSON_KEY = "rd-json-key";
    public static final String JSON_STRING = "rd-json-string";
    public static final String JSON_NUMBER = "rd-json-number";
    public static final String JSON_LITERAL = "rd-json-literal";
    public static final String JSON_PUNCTUATION = "rd-json-punctuation";
    public static final String DIFF_ADDED = "rd-diff-added";
    public static final String DIFF_REMOVED = "rd-diff-removed";
    public static final String ERROR_TEXT = "rd-error-text";
    public static final String OVERVIEW_ENGINE = "rd-overview-engine";
    public static final String OVERVIEW_TILE = "rd-overview-tile";
    public static final String OVERVIEW_NEW_GROUP = "rd-overview-new-group";
    /** An overview row's sparkline box, and its two lines: dead-lettered per minute and DLQ size. */
    public static final String SPARKLINE = "rd-sparkline";
    public static final String SPARKLINE_RATE = "rd-sparkline-rate";
    public static final String SPARKLINE_SIZE = "rd-sparkline-size";
    /** A sentence saying the figures beside it are from before Redis stopped answering. */
    public static final String STALE_NOTE = "rd-stale-note";
    /** The pseudo-class of a table or label whose figures are from before the connection was lost (dimmed). */
    public static final String STALE = "stale";

    public static final String DIALOG_HEADER = "rd-dialog-header";
    public static final String DIALOG_TITLE = "rd-dialog-title";
    public static final String ENV_BADGE = "rd-env-badge";
    public static final String CONFIRMATION = "rd-confirmation";
    public static final String CONFIRMATION_BODY = "rd-confirmation-body";
    public static final String CONFIRMATION_REVERSIBLE = "rd-confirmation-reversible";
    public static final String CONFIRMATION_IRREVERSIBLE = "rd-confirmation-irreversible";

    public static final String CHART_PANEL = "rd-chart-panel";
    public static final String CHART_TOOLBAR = "rd-chart-toolbar";
    public static final String CHART_TITLE = "rd-chart-title";
    public static final String CHART_STATUS = "rd-chart-status";
    /** The sentence shown in place of a chart with nothing to draw. */
    public static final String CHART_EMPTY = "rd-chart-empty";
    /** The note of a chart whose figures stopped at the loss of the connection. */
    public static final String CHART_STALE = "rd-chart-stale";
    public static final String TTL_CELL = "rd-ttl-cell";

    private Styles() {
    }
}
