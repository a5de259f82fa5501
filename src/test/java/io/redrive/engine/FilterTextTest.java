package io.redrive.engine;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one grammar for since/until and header filters, read alike by the console and the command line. */
class FilterTextTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-05-01T12:00:00Z"), ZoneOffset.UTC);
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");  // UTC+2 in May

    private static Instant time(String text) {
        return FilterText.time("--since", text, CLOCK, PARIS);
    }

    @Test
    void aTimeAgoCountsBackFromNowInEveryUnitWithOrWithoutAgo() {
        assertThat(time("45s")).isEqualTo(Instant.parse("2026-05-01T11:59:15Z"));
        assertThat(time("30m")).isEqualTo(Instant.parse("2026-05-01T11:30:00Z"));
        assertThat(time("2h")).isEqualTo(Instant.parse("2026-05-01T10:00:00Z"));
        assertThat(time("3d ago")).isEqualTo(Instant.parse("2026-04-28T12:00:00Z"));
        assertThat(time(" 1W ")).isEqualTo(Instant.parse("2026-04-24T12:00:00Z"));
        assertThat(time("PT90M")).isEqualTo(Instant.parse("2026-05-01T10:30:00Z"));
    }

    @Test
    void aLocalTimeOrDateIsReadInTheGivenZone() {
        assertThat(time("2026-05-01 08:30")).isEqualTo(Instant.parse("2026-05-01T06:30:00Z"));
        assertThat(time("2026-05-01 08:30:15")).isEqualTo(Instant.parse("2026-05-01T06:30:15Z"));
        assertThat(time("2026-05-01T08:30")).isEqualTo(Instant.parse("2026-05-01T06:30:00Z"));
        assertThat(time("2026-05-01")).isEqualTo(Instant.parse("2026-04-30T22:00:00Z"));
    }

    @Test
    void anInstantWithItsOffsetIsTakenAsWritten() {
        assertThat(time("2026-05-01T08:00:00Z")).isEqualTo(Instant.parse("2026-05-01T08:00:00Z"));
        assertThat(time("2026-05-01T08:00:00+05:00")).isEqualTo(Instant.parse("2026-05-01T03:00:00Z"));
    }

    @Test
    void aBlankTimeIsNoCondition() {
        assertThat(time(null)).isNull();
        assertThat(time("  ")).isNull();
    }

    @Test
    void anUnreadableTimeIsOneSentenceNamingTheFieldAndTheForms() {
        String forms = "; write a time ago such as 30m, 2h or 7d, a local time such as 2026-11-25 14:30, a date, "
                + "or an instant such as 2026-11-25T12:00:00Z";
        assertThatThrownBy(() -> time("yesterday")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--since: cannot read 'yesterday'" + forms);
        assertThatThrownBy(() -> FilterText.time("Until", "2026-13-01", CLOCK, PARIS)).hasMessage("Until: cannot read '2026-13-01'" + forms);
        assertThatThrownBy(() -> time("10000000000d")).as("too many digits").hasMessageStartingWith("--since: cannot read '10000000000d'");
        assertThatThrownBy(() -> time("P999999999999D")).as("before the earliest instant").hasMessageStartingWith("--since: cannot read");
        assertThatThrownBy(() -> time("P-x")).hasMessageStartingWith("--since: cannot read 'P-x'");
    }

    @Test
    void aHeaderIsANameWithOrWithoutAValueTrimmed() {
        assertThat(FilterText.header("Header", " tenant = acme ")).isEqualTo(new FilterText.Header("tenant", "acme"));
        assertThat(FilterText.header("Header", "trace-id")).isEqualTo(new FilterText.Header("trace-id", null));
        assertThat(FilterText.header("Header", "empty=")).isEqualTo(new FilterText.Header("empty", ""));
        assertThat(FilterText.header("Header", "a=b=c")).isEqualTo(new FilterText.Header("a", "b=c"));
        assertThat(FilterText.header("Header", " ")).isNull();
    }

    @Test
    void aHeaderWithoutANameIsOneSentence() {
        assertThatThrownBy(() -> FilterText.header("--header", " =acme")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--header: cannot read '=acme'; write name=value, or just the name for \"has this header\"");
    }

    @Test
    void aRangeThatEndsBeforeItStartsNamesBothFields() {
        Instant early = Instant.parse("2026-05-01T08:00:00Z");
        Instant late = Instant.parse("2026-05-01T09:00:00Z");

        FilterText.checkRange("--since", early, "--until", late);
        FilterText.checkRange("--since", null, "--until", early);
        assertThatThrownBy(() -> FilterText.checkRange("--since", late, "--until", early))
                .hasMessage("--since (2026-05-01T09:00:00Z) is after --until (2026-05-01T08:00:00Z)");
    }

    @Test
    void aDurationIsAWholeNumberAndAUnitOrIsoTheSameUnitsATimeAgoTakes() {
        assertThat(FilterText.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(FilterText.duration("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(FilterText.duration("5m")).isEqualTo(FilterText.duration("5 min")).isEqualTo(Duration.ofMinutes(5));
        assertThat(FilterText.duration("1H")).isEqualTo(Duration.ofHours(1));
        assertThat(FilterText.duration("7 days")).isEqualTo(FilterText.duration("1w")).isEqualTo(Duration.ofDays(7));
        assertThat(FilterText.duration("PT90M")).isEqualTo(Duration.ofMinutes(90));
        assertThat(time("7 days ago")).as("a time ago reads the same units").isEqualTo(Instant.parse("2026-04-24T12:00:00Z"));
    }

    @Test
    void anUnreadableDurationIsOneSentenceNamingTheFieldWhenGiven() {
        assertThatThrownBy(() -> FilterText.duration("5 parsecs"))
                .hasMessage("cannot read '5 parsecs'; write a duration such as 30s, 5m, 1h or 7d");
        assertThatThrownBy(() -> FilterText.duration("Retention", "-PT1H"))
                .hasMessage("Retention: cannot read '-PT1H'; write a duration such as 30s, 5m, 1h or 7d");
        assertThatThrownBy(() -> FilterText.duration("10000000000s")).hasMessageStartingWith("cannot read '10000000000s'");
    }

    @Test
    void anAttemptsRangeIsCheckedOnceWithOneWordingForConsoleAndCommandLine() {
        assertThat(FilterText.attempts("Min attempts", " 3 ")).isEqualTo(3);
        assertThat(FilterText.attempts("Min attempts", " ")).isNull();
        assertThatThrownBy(() -> FilterText.attempts("Min attempts", "many"))
                .hasMessage("Min attempts: 'many' is not a whole number of attempts");
        assertThatThrownBy(() -> FilterText.attempts("Max attempts", "-1"))
                .hasMessage("Max attempts: '-1' is not a whole number of attempts");
        assertThatThrownBy(() -> FilterText.checkAttemptsRange("--min-attempts", 5, "--max-attempts", 2))
                .hasMessage("--min-attempts (5) is more than --max-attempts (2)");
        assertThatThrownBy(() -> FilterText.checkAttemptsRange("--min-attempts", -2, "--max-attempts", null))
                .hasMessage("--min-attempts: '-2' is not a whole number of attempts");
        FilterText.checkAttemptsRange("--min-attempts", 2, "--max-attempts", 2);
    }
}
