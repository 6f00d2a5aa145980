package io.listguard.console;

import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the web console.
 *
 * @param replayDays  how many days of past evaluations an uploaded candidate is replayed over, to show its impact
 * @param replayLimit at most this many of the newest evaluations of those days: the report answers within seconds
 * @param pageSize    rows per page of evaluation lists and per-record verdicts
 * @param timeZone    the zone the console shows times in (and reads the dates and times typed in its forms in):
 *                    Paris time by default, whatever the server's own zone; the audit trail keeps instants in UTC
 */
@ConfigurationProperties("listguard.console")
record ConsoleProperties(@DefaultValue("7") int replayDays, @DefaultValue("500") int replayLimit, @DefaultValue("50") int pageSize,
                         @DefaultValue("Europe/Paris") ZoneId timeZone) {

    ConsoleProperties {
        if (replayDays < 1 || replayLimit < 1 || pageSize < 1 || pageSize > 500) {
            throw new IllegalArgumentException("listguard.console.replay-days and replay-limit must be 1 or more, page-size between 1 and 500");
        }
    }
}
