package io.listguard.policy;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.BundledPolicy;
import io.listguard.Requests.CampaignBuilder;
import io.listguard.Requests.RecordBuilder;
import io.listguard.domain.Audience;
import io.listguard.domain.CallingPlan;
import io.listguard.domain.CallingWindow;
import io.listguard.domain.Channel;
import io.listguard.domain.Decision;
import io.listguard.domain.HolidayCalendar;
import io.listguard.domain.LocalZones;
import io.listguard.domain.PublicHoliday;
import io.listguard.domain.Severity;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.evaluation.TraceEntry;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The calling plan in depth (issue 15, items 3 and 4): the public-holiday calendar of sheet "Jours fériés", the
 * checked declaration {@code calling.includesPublicHolidays} (sheet Appels), the hours and days in the person's
 * time zone, local public holidays, express agreement to calls outside the slots and past + planned attempts
 * (sheet "Appels par personne"), for PHONE and AUTOMATED_CALL campaigns. C. conso. D223-9 (décret 2022-1313).
 */
class CallingPlanTest extends PolicyTestSupport {

    private static final List<DayOfWeek> WEEKDAYS = List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
    private static final String CALLING_PER_PERSON = "Appels par personne";

    private static CallingPlan plan(List<DayOfWeek> days, String from, String to, Boolean holidays, Integer attempts) {
        return new CallingPlan(List.of(new CallingWindow(days, LocalTime.parse(from), LocalTime.parse(to))), holidays, attempts);
    }

    private static CallingPlan zoned(List<DayOfWeek> days, String from, String to, String zone, Boolean agreementOnly) {
        return new CallingPlan(List.of(new CallingWindow(days, LocalTime.parse(from), LocalTime.parse(to))), false, 2, zone, agreementOnly, null, null);
    }

    private static CampaignBuilder phone(String start, String end, CallingPlan plan) {
        return campaign(Audience.CONSUMER, Channel.PHONE).period(start, end).calling(plan);
    }

    private static RecordBuilder reunion(String id) {
        return person(id).phone("0692 12 34 56").postalAddress("3 rue de Paris, 97400 Saint-Denis");
    }

    private static TraceEntry skipEntry(EvaluationResult result) {
        List<TraceEntry> entries = result.trace().stream().filter(e -> "PUBLIC_HOLIDAYS_TO_SKIP".equals(e.code())).toList();
        assertThat(entries).hasSize(1);
        return entries.get(0);
    }

    // ---------------------------------------------------------------- the calendar

    @ParameterizedTest(name = "Easter {0}")
    @CsvSource({"1818-03-22", "2000-04-23", "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25"})
    @DisplayName("R21a: Easter Sunday by the anonymous Gregorian algorithm, earliest and latest dates included")
    void R21a_easterSunday(String date) {
        LocalDate easter = LocalDate.parse(date);
        assertThat(PublicHoliday.easterSunday(easter.getYear())).isEqualTo(easter);
    }

    @Test
    @DisplayName("R21a: the bundled calendar gives the 11 days of C. trav. L3133-1 for 2026, and the local days by département")
    void R21a_bundledCalendar2026() {
        HolidayCalendar calendar = BundledPolicy.evaluator().catalogue().holidays();
        List<HolidayCalendar.Dated> year = calendar.between(LocalDate.of(2026, 1, 1), LocalDate.of(2026, 12, 31));

        assertThat(year.stream().filter(HolidayCalendar.Dated::national).map(HolidayCalendar.Dated::date).map(LocalDate::toString))
                .containsExactly("2026-01-01", "2026-04-06", "2026-05-01", "2026-05-08", "2026-05-14", "2026-05-25",
                        "2026-07-14", "2026-08-15", "2026-11-01", "2026-11-11", "2026-12-25");
        assertThat(calendar.holidayIn(LocalDate.of(2026, 4, 3), "57")).as("Good Friday in Moselle").isTrue();
        assertThat(calendar.holidayIn(LocalDate.of(2026, 4, 3), "75")).as("not in Paris").isFalse();
        assertThat(calendar.holidayIn(LocalDate.of(2026, 12, 26), "67")).isTrue();
        assertThat(calendar.holidayIn(LocalDate.of(2026, 12, 26), "974")).isFalse();
        assertThat(calendar.holidayIn(LocalDate.of(2026, 12, 20), "974")).isTrue();
        assertThat(calendar.holidayIn(LocalDate.of(2026, 5, 27), "971")).isTrue();
        assertThat(calendar.holidayIn(LocalDate.of(2026, 5, 22), "972")).isTrue();
        assertThat(calendar.holidayIn(LocalDate.of(2026, 6, 10), "973")).isTrue();
        assertThat(calendar.holidayIn(LocalDate.of(2026, 4, 27), "976")).isTrue();
        assertThat(calendar.holidayIn(LocalDate.of(2026, 4, 27), "971")).isFalse();
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = ';', value = {
            "0692 12 34 56;;Indian/Reunion", "+262 692 12 34 56;;Indian/Reunion", "0262 41 00 00;;Indian/Reunion",
            "+262 639 12 34 56;;Indian/Mayotte", "0269 61 00 00;;Indian/Mayotte", "0690 12 34 56;;America/Guadeloupe",
            "+590 590 12 34 56;;America/Guadeloupe", "0696 12 34 56;;America/Martinique", "0594 30 00 00;;America/Cayenne",
            "+508 41 23 45;;America/Miquelon", "06 12 34 56 78;1 rue X, 97400 Saint-Denis;Europe/Paris",
            "+44 20 7946 0958;1 rue X, 97400 Saint-Denis;Indian/Reunion", "+44 20 7946 0958;2 place Y, 97300 Cayenne;America/Cayenne",
            "+44 20 7946 0958;5 rue Z, 67000 Strasbourg;Europe/Paris", "+44 20 7946 0958;;Europe/Paris", ";;Europe/Paris"})
    @DisplayName("R21a: the person's zone comes from the phone number's prefix, else the postal code, else Europe/Paris")
    void R21a_zoneOfThePerson(String phone, String address, String zone) {
        assertThat(LocalZones.zoneOf(null, phone, address)).isEqualTo(ZoneId.of(zone));
        // the record's own zone comes first
        assertThat(LocalZones.zoneOf("Pacific/Noumea", phone, address)).isEqualTo(ZoneId.of("Pacific/Noumea"));
    }

    // ---------------------------------------------------------------- national public holidays (sheet Appels)

    @Test
    @DisplayName("R21a (M): an automated-call campaign must declare its calling windows, as a telephone one must; one that does is not refused for it")
    void R21a_automatedCallDeclaresItsWindows() {
        EvaluationResult none = evaluate(request(campaign(Audience.CONSUMER, Channel.AUTOMATED_CALL).period("2026-12-07", "2026-12-11")
                .calling(new CallingPlan(List.of(), false, 2)), person("r-1")));
        EvaluationResult declared = evaluate(request(campaign(Audience.CONSUMER, Channel.AUTOMATED_CALL).period("2026-12-07", "2026-12-11")
                .calling(plan(WEEKDAYS, "10:00", "12:00", false, 2)), person("r-1")));
        EvaluationResult before = evaluate(request(campaign(Audience.CONSUMER, Channel.AUTOMATED_CALL).period("2023-02-20", "2023-02-28")
                .calling(new CallingPlan(List.of(), false, 2)), person("r-1")));

        Finding f = assertFinding(none, "CALL_HOURS_NOT_ALLOWED", Severity.BLOCKING, CAMPAIGN_OBLIGATIONS, "Appels", "R21a");
        assertThat(f.rule().row()).isEqualTo(31);
        assertThat(f.legalRef().en()).contains("D223-9", "confidence M");
        assertThat(none.decision()).isEqualTo(Decision.REJECTED);
        assertThat(findingCodes(declared)).doesNotContain("CALL_HOURS_NOT_ALLOWED");
        assertThat(findingCodes(before)).as("before D223-9 (2023-03-01)").doesNotContain("CALL_HOURS_NOT_ALLOWED");
    }

    @ParameterizedTest(name = "R21a {0} on 2026-11-11 without declaring holidays")
    @EnumSource(value = Channel.class, names = {"PHONE", "AUTOMATED_CALL"})
    @DisplayName("R21a: a campaign calling on 2026-11-11 that says nothing of public holidays is no longer approved")
    void R21a_armisticeNotDeclared(Channel channel) {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, channel).period("2026-11-09", "2026-11-13")
                .calling(plan(WEEKDAYS, "10:00", "12:00", null, 2)), person("r-1")));

        assertThat(findingCodes(result)).containsExactly("PUBLIC_HOLIDAY_NOT_EXCLUDED");
        Finding f = assertFinding(result, "PUBLIC_HOLIDAY_NOT_EXCLUDED", Severity.BLOCKING, CAMPAIGN_OBLIGATIONS, "Appels", "R21a");
        assertThat(f.message().en()).contains("2026-11-11 Armistice 1918").doesNotContain("{");
        assertThat(f.legalRef().en()).contains("D223-9", "L. 3133-1", "legifrance");
        assertThat(result.decision()).isEqualTo(Decision.REJECTED);
    }

    @Test
    @DisplayName("R21a counter-case: declaring includesPublicHolidays=false approves it, and the trace lists the days to skip")
    void R21a_armisticeDeclaredSkipped() {
        EvaluationResult result = evaluate(request(phone("2026-11-09", "2026-11-13", plan(WEEKDAYS, "10:00", "12:00", false, 2)), person("r-1")));

        assertThat(result.findings()).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
        TraceEntry skip = skipEntry(result);
        assertThat(skip.ruleId()).isEqualTo("R21a");
        assertThat(skip.facts()).contains("holidays:2026-11-11 Armistice 1918");
    }

    @Test
    @DisplayName("R21a: declaring includesPublicHolidays=true keeps CALL_HOURS_NOT_ALLOWED, not a second finding")
    void R21a_armisticeDeclaredCalled() {
        EvaluationResult result = evaluate(request(phone("2026-11-09", "2026-11-13", plan(WEEKDAYS, "10:00", "12:00", true, 2)), person("r-1")));

        assertThat(findingCodes(result)).containsExactly("CALL_HOURS_NOT_ALLOWED");
    }

    @Test
    @DisplayName("R21a counter-cases: no holiday in the period, or the holiday falls on a day the campaign does not call")
    void R21a_noHolidayOnACallingDay() {
        assertThat(evaluate(request(phone("2026-11-12", "2026-11-13", plan(WEEKDAYS, "10:00", "12:00", null, 2)), person("r-1"))).findings())
                .isEmpty();
        List<DayOfWeek> notWednesday = List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);
        assertThat(evaluate(request(phone("2026-11-09", "2026-11-13", plan(notWednesday, "10:00", "12:00", null, 2)), person("r-1"))).findings())
                .isEmpty();
    }

    @Test
    @DisplayName("R21a: the holidays computed from Easter hold (Ascension 2026-05-14), and not before D223-9 (2023-03-01)")
    void R21a_ascensionAndInForceDate() {
        EvaluationResult ascension = evaluate(request(phone("2026-05-11", "2026-05-15", plan(WEEKDAYS, "10:00", "12:00", null, 2)), person("r-1")));
        assertThat(findingCodes(ascension)).containsExactly("PUBLIC_HOLIDAY_NOT_EXCLUDED");
        assertThat(ascension.findings().get(0).message().en()).contains("2026-05-14 Ascension");

        EvaluationResult before = evaluate(request(phone("2022-11-07", "2022-11-11", plan(WEEKDAYS, "10:00", "12:00", null, 2)),
                io.listguard.Requests.file().bloctelScrubbedOn("2022-11-01").certifiedUntil("2023-12-31"), person("r-1").lastActivity("2022-01-01")));
        assertThat(findingCodes(before)).doesNotContain("PUBLIC_HOLIDAY_NOT_EXCLUDED");
        EvaluationResult first = evaluate(request(phone("2023-05-08", "2023-05-08", plan(WEEKDAYS, "10:00", "12:00", null, 2)),
                io.listguard.Requests.file().bloctelScrubbedOn("2023-05-01").certifiedUntil("2023-12-31"), person("r-1").lastActivity("2023-01-01")));
        assertThat(findingCodes(first)).contains("PUBLIC_HOLIDAY_NOT_EXCLUDED");
    }

    @Test
    @DisplayName("R21a counter-case: D223-9 protects consumers; a business campaign on 2026-11-11 is not checked")
    void R21a_businessNotChecked() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.PHONE).period("2026-11-11", "2026-11-11")
                .calling(plan(WEEKDAYS, "10:00", "12:00", null, 2)), person("r-1")));

        assertThat(findingCodes(result)).doesNotContain("PUBLIC_HOLIDAY_NOT_EXCLUDED");
    }

    // ---------------------------------------------------------------- local public holidays (sheet Appels par personne)

    @Test
    @DisplayName("R21a: a one-day campaign on 26 December excludes a person in Alsace-Moselle (LOCAL_PUBLIC_HOLIDAY), not one in Paris")
    void R21a_alsaceMoselleOnItsDay() {
        EvaluationResult result = evaluate(request(phone("2025-12-26", null, plan(WEEKDAYS, "10:00", "12:00", false, 2)),
                io.listguard.Requests.file().bloctelScrubbedOn("2025-12-20"),
                person("r-67").postalAddress("4 rue du Dôme, 67000 Strasbourg"), person("r-57").postalAddress("1 place d'Armes, 57000 Metz"),
                person("r-75")));

        assertThat(reasons(result, "r-67")).containsExactly("LOCAL_PUBLIC_HOLIDAY");
        assertThat(reasons(result, "r-57")).containsExactly("LOCAL_PUBLIC_HOLIDAY");
        assertThat(exclusionRuleIds(result, CALLING_PER_PERSON, "r-67", "LOCAL_PUBLIC_HOLIDAY")).containsExactly("R21a");
        assertThat(reasons(result, "r-75")).isEmpty();
        assertThat(result.findings()).isEmpty();
        assertThat(skipEntry(result).facts()).contains("holidays:2025-12-26 Saint-Étienne (Alsace-Moselle) (57, 67, 68)");
    }

    @Test
    @DisplayName("R21a counter-case: on a longer campaign the person in Alsace-Moselle stays contactable; the dialler skips the listed day")
    void R21a_alsaceMoselleLongerCampaign() {
        EvaluationResult result = evaluate(request(phone("2025-12-22", "2025-12-26", plan(WEEKDAYS, "10:00", "12:00", false, 2)),
                io.listguard.Requests.file().bloctelScrubbedOn("2025-12-20"), person("r-67").postalAddress("4 rue du Dôme, 67000 Strasbourg")));

        assertThat(reasons(result, "r-67")).isEmpty();
        assertThat(skipEntry(result).facts().toString()).contains("2025-12-25 Noël", "2025-12-26 Saint-Étienne (Alsace-Moselle) (57, 67, 68)");
    }

    @Test
    @DisplayName("R21a: La Réunion's 20 December (a Monday in 2027) excludes a person in 974 from a one-day campaign, not the day after")
    void R21a_reunionAbolitionDay() {
        EvaluationResult on = evaluate(request(phone("2027-12-20", null, plan(WEEKDAYS, "14:00", "15:00", false, 2)),
                io.listguard.Requests.file().certifiedUntil("2028-06-30"), reunion("r-974").lastActivity("2027-03-01"), person("r-75").lastActivity("2027-03-01")));
        assertThat(reasons(on, "r-974")).containsExactly("LOCAL_PUBLIC_HOLIDAY");
        assertThat(reasons(on, "r-75")).isEmpty();

        EvaluationResult after = evaluate(request(phone("2027-12-21", null, plan(WEEKDAYS, "14:00", "15:00", false, 2)),
                io.listguard.Requests.file().certifiedUntil("2028-06-30"), reunion("r-974").lastActivity("2027-03-01")));
        assertThat(reasons(after, "r-974")).isEmpty();
    }

    // ---------------------------------------------------------------- hours in the person's time zone

    @Test
    @DisplayName("R21a: a 19:00-20:00 Paris window is 22:00-23:00 in La Réunion in winter: the person there is excluded, not the one in Paris")
    void R21a_reunionEveningInWinter() {
        EvaluationResult result = evaluate(request(phone("2026-12-07", "2026-12-11", plan(WEEKDAYS, "19:00", "20:00", false, 2)),
                reunion("r-974"), person("r-75")));

        assertThat(result.findings()).isEmpty();
        assertThat(reasons(result, "r-974")).containsExactly("CALL_HOURS_OUTSIDE_LOCAL_TIME");
        assertThat(exclusionRuleIds(result, CALLING_PER_PERSON, "r-974", "CALL_HOURS_OUTSIDE_LOCAL_TIME")).containsExactly("R21a");
        assertThat(reasons(result, "r-75")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R21a: DST - a 10:00-11:00 Paris window is 12:00-13:00 in La Réunion in July (allowed) but 13:00-14:00 in December (excluded)")
    void R21a_daylightSavingTime() {
        EvaluationResult july = evaluate(request(phone("2026-07-06", "2026-07-10", plan(WEEKDAYS, "10:00", "11:00", false, 2)), reunion("r-974")));
        EvaluationResult december = evaluate(request(phone("2026-12-07", "2026-12-11", plan(WEEKDAYS, "10:00", "11:00", false, 2)), reunion("r-974")));

        assertThat(reasons(july, "r-974")).isEmpty();
        assertThat(reasons(december, "r-974")).containsExactly("CALL_HOURS_OUTSIDE_LOCAL_TIME");
        // a campaign crossing the change of time (2026-10-25) is excluded for the days after it
        EvaluationResult crossing = evaluate(request(phone("2026-10-19", "2026-10-30", plan(WEEKDAYS, "10:00", "11:00", false, 2)), reunion("r-974")));
        assertThat(reasons(crossing, "r-974")).containsExactly("CALL_HOURS_OUTSIDE_LOCAL_TIME");
    }

    @Test
    @DisplayName("R21a: windows declared in the campaign's own calling.timeZone hold there; a Guadeloupe person is excluded from a Paris 14:00-15:00 window")
    void R21a_campaignTimeZone() {
        RecordBuilder guadeloupe = person("r-971").phone("0690 12 34 56").postalAddress("1 rue Schoelcher, 97110 Pointe-à-Pitre");
        EvaluationResult paris = evaluate(request(phone("2026-12-07", "2026-12-11", zoned(WEEKDAYS, "14:00", "15:00", null, null)), guadeloupe));
        assertThat(reasons(paris, "r-971")).containsExactly("CALL_HOURS_OUTSIDE_LOCAL_TIME");

        EvaluationResult local = evaluate(request(phone("2026-12-07", "2026-12-11", zoned(WEEKDAYS, "14:00", "15:00", "America/Guadeloupe", null)),
                person("r-971").phone("0690 12 34 56").postalAddress("1 rue Schoelcher, 97110 Pointe-à-Pitre"), person("r-75")));
        assertThat(reasons(local, "r-971")).isEmpty();
        // 14:00-15:00 in Guadeloupe is 19:00-20:00 in Paris in winter: allowed there too
        assertThat(reasons(local, "r-75")).isEmpty();
    }

    @Test
    @DisplayName("R21a: the record's timeZone comes before its phone prefix; the postal code serves when the number tells nothing")
    void R21a_recordTimeZoneAndPostalCode() {
        EvaluationResult result = evaluate(request(phone("2026-12-07", "2026-12-11", plan(WEEKDAYS, "19:00", "20:00", false, 2)),
                reunion("r-paris-zone").timeZone("Europe/Paris"),
                person("r-postal").phone("+44 20 7946 0958").postalAddress("3 rue de Paris, 97400 Saint-Denis"),
                person("r-foreign").phone("+44 20 7946 0958")));

        assertThat(reasons(result, "r-paris-zone")).isEmpty();
        assertThat(reasons(result, "r-postal")).containsExactly("CALL_HOURS_OUTSIDE_LOCAL_TIME");
        assertThat(reasons(result, "r-foreign")).isEmpty();
    }

    @Test
    @DisplayName("R21a: a record's timeZone that is not a zone id is refused")
    void R21a_badTimeZoneRefused() {
        assertThatThrownBy(() -> evaluate(request(phone("2026-12-07", "2026-12-11", plan(WEEKDAYS, "10:00", "12:00", false, 2)),
                person("r-1").timeZone("UTC+4"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("timeZone");
        assertThatThrownBy(() -> evaluate(request(phone("2026-12-07", "2026-12-11", zoned(WEEKDAYS, "10:00", "12:00", "Mars/Olympus", null)),
                person("r-1"))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("calling.timeZone");
    }

    // ---------------------------------------------------------------- express agreement

    @Test
    @DisplayName("R21a: a 20:00-21:00 window rejects the campaign (CALL_HOURS_NOT_ALLOWED) unless it calls outside the slots only people who agreed")
    void R21a_outsideTheSlotsOnlyWithAgreement() {
        EvaluationResult undeclared = evaluate(request(phone("2026-12-07", "2026-12-11", zoned(WEEKDAYS, "20:00", "21:00", null, false)),
                person("r-agreed").outOfHoursCallsAgreed(true), person("r-not")));
        assertThat(findingCodes(undeclared)).containsExactly("CALL_HOURS_NOT_ALLOWED");
        assertThat(reasons(undeclared, "r-not")).as("no double reporting: the campaign is rejected").isEmpty();

        EvaluationResult declared = evaluate(request(phone("2026-12-07", "2026-12-11", zoned(WEEKDAYS, "20:00", "21:00", null, true)),
                person("r-agreed").outOfHoursCallsAgreed(true), person("r-not"), person("r-said-no").outOfHoursCallsAgreed(false)));
        assertThat(declared.findings()).isEmpty();
        assertThat(reasons(declared, "r-agreed")).isEmpty();
        assertThat(reasons(declared, "r-not")).containsExactly("CALL_HOURS_OUTSIDE_LOCAL_TIME");
        assertThat(reasons(declared, "r-said-no")).containsExactly("CALL_HOURS_OUTSIDE_LOCAL_TIME");
        assertThat(declared.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R21a: Saturday calls likewise: rejected, or only people who agreed when the campaign declares so")
    void R21a_saturdayOnlyWithAgreement() {
        List<DayOfWeek> saturday = List.of(DayOfWeek.SATURDAY);
        EvaluationResult undeclared = evaluate(request(phone("2026-12-07", "2026-12-12", zoned(saturday, "10:00", "12:00", null, null)),
                person("r-agreed").outOfHoursCallsAgreed(true)));
        assertThat(findingCodes(undeclared)).containsExactly("CALL_HOURS_NOT_ALLOWED");

        EvaluationResult declared = evaluate(request(phone("2026-12-07", "2026-12-12", zoned(saturday, "10:00", "12:00", null, true)),
                person("r-agreed").outOfHoursCallsAgreed(true), person("r-not")));
        assertThat(declared.findings()).isEmpty();
        assertThat(reasons(declared, "r-agreed")).isEmpty();
        assertThat(reasons(declared, "r-not")).containsExactly("CALL_HOURS_OUTSIDE_LOCAL_TIME");
    }

    @Test
    @DisplayName("R21a: a person who agreed to calls outside the slots may be called at 22:00 in La Réunion")
    void R21a_agreementCoversTheTimeZone() {
        EvaluationResult result = evaluate(request(phone("2026-12-07", "2026-12-11", plan(WEEKDAYS, "19:00", "20:00", false, 2)),
                reunion("r-agreed").outOfHoursCallsAgreed(true), reunion("r-not")));

        assertThat(reasons(result, "r-agreed")).isEmpty();
        assertThat(reasons(result, "r-not")).containsExactly("CALL_HOURS_OUTSIDE_LOCAL_TIME");
    }

    // ---------------------------------------------------------------- past and planned attempts (R21b)

    @Test
    @DisplayName("R21b: past attempts plus the campaign's planned ones may not exceed 4 in 30 days: 2 + 2 passes, 2 + 3 is CALL_LIMIT_REACHED")
    void R21b_pastAndPlanned() {
        EvaluationResult two = evaluate(request(phone("2026-12-07", "2026-12-11", plan(WEEKDAYS, "10:00", "12:00", false, 2)), person("r-1").attempts(2)));
        EvaluationResult three = evaluate(request(phone("2026-12-07", "2026-12-11", plan(WEEKDAYS, "10:00", "12:00", false, 3)), person("r-1").attempts(2)));

        assertThat(reasons(two, "r-1")).isEmpty();
        assertThat(reasons(three, "r-1")).containsExactly("CALL_LIMIT_REACHED");
        assertThat(exclusionRuleIds(three, CALLING_PER_PERSON, "r-1", "CALL_LIMIT_REACHED")).containsExactly("R21b");
    }

    @Test
    @DisplayName("R21b: a plan that says nothing counts one attempt: 3 past pass, 4 past do not")
    void R21b_unplannedCountsOne() {
        EvaluationResult result = evaluate(request(phone("2026-12-07", "2026-12-11", plan(WEEKDAYS, "10:00", "12:00", false, null)),
                person("r-3").attempts(3), person("r-4").attempts(4)));

        assertThat(reasons(result, "r-3")).isEmpty();
        assertThat(reasons(result, "r-4")).containsExactly("CALL_LIMIT_REACHED");
        assertThat(exclusionRuleIds(result, CALLING_PER_PERSON, "r-4", "CALL_LIMIT_REACHED")).containsExactly("R21b");
    }

    @Test
    @DisplayName("R21b: a plan above 4 rejects the campaign (CALL_FREQUENCY_EXCEEDED) without excluding each record a second time")
    void R21b_planAboveFourIsTheCampaigns() {
        EvaluationResult result = evaluate(request(phone("2026-12-07", "2026-12-11", plan(WEEKDAYS, "10:00", "12:00", false, 5)), person("r-1")));

        assertThat(findingCodes(result)).containsExactly("CALL_FREQUENCY_EXCEEDED");
        assertThat(reasons(result, "r-1")).isEmpty();
    }

    // ---------------------------------------------------------------- automated calls (M)

    @Test
    @DisplayName("R21a (M): automated calls follow the calling plan too: Saturday calls are CALL_HOURS_NOT_ALLOWED, weekdays pass")
    void R21a_automatedCallDays() {
        EvaluationResult saturday = evaluate(request(campaign(Audience.CONSUMER, Channel.AUTOMATED_CALL)
                .calling(plan(List.of(DayOfWeek.SATURDAY), "10:00", "12:00", false, 2)), person("r-1")));
        Finding f = assertFinding(saturday, "CALL_HOURS_NOT_ALLOWED", Severity.BLOCKING, CAMPAIGN_OBLIGATIONS, "Appels", "R21a");
        assertThat(f.legalRef().en()).contains("automated calls (M)");

        EvaluationResult weekdays = evaluate(request(campaign(Audience.CONSUMER, Channel.AUTOMATED_CALL)
                .calling(plan(WEEKDAYS, "10:00", "12:00", false, 2)), person("r-1")));
        assertThat(weekdays.findings()).isEmpty();
        assertThat(weekdays.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R21a/R21b (M): automated calls are checked in the person's zone and against past + planned attempts")
    void R21a_R21b_automatedCallPerPerson() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.AUTOMATED_CALL).period("2026-12-07", "2026-12-11")
                .calling(plan(WEEKDAYS, "19:00", "20:00", false, 2)), reunion("r-974"), person("r-75"), person("r-calls").attempts(3)));

        assertThat(reasons(result, "r-974")).containsExactly("CALL_HOURS_OUTSIDE_LOCAL_TIME");
        assertThat(reasons(result, "r-calls")).containsExactly("CALL_LIMIT_REACHED");
        assertThat(reasons(result, "r-75")).isEmpty();
    }
}
