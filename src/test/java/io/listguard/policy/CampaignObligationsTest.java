package io.listguard.policy;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.file;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.Requests.CampaignBuilder;
import io.listguard.domain.Audience;
import io.listguard.domain.CallingPlan;
import io.listguard.domain.CallingWindow;
import io.listguard.domain.Channel;
import io.listguard.domain.Decision;
import io.listguard.domain.OptOutMechanism;
import io.listguard.domain.Sender;
import io.listguard.domain.Severity;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * policies/campaign-obligations.xlsx: sheets Opposition, Messages, Sector bans, Calling and Bloctel. Most findings of
 * these sheets are BLOCKING: the campaign is REJECTED although each record, taken alone, may be contacted. The sector
 * bans (R9, R23) are WARNINGs, their exception being a record's matter; the new rows of Messages (R28, R17) are in
 * MessagesRulesTest.
 */
class CampaignObligationsTest extends PolicyTestSupport {

    private static final List<DayOfWeek> WEEKDAYS = List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY,
            DayOfWeek.THURSDAY, DayOfWeek.FRIDAY);

    private static EvaluationResult run(CampaignBuilder campaign) {
        return evaluate(request(campaign, person("r-1")));
    }

    /** One finding with this code, and it rejects a file whose records are all contactable. */
    private static Finding assertRejectedFor(EvaluationResult result, String code, String sheet, String ruleId) {
        assertThat(findingCodes(result)).containsExactly(code);
        Finding f = assertFinding(result, code, Severity.BLOCKING, CAMPAIGN_OBLIGATIONS, sheet, ruleId);
        assertThat(verdict(result, "r-1").contactable()).isTrue();
        assertThat(result.decision()).isEqualTo(Decision.REJECTED);
        return f;
    }

    private static void assertApproved(EvaluationResult result) {
        assertThat(result.findings()).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    private static CallingPlan weekdays(String from, String to) {
        return new CallingPlan(List.of(new CallingWindow(WEEKDAYS, LocalTime.parse(from), LocalTime.parse(to))), false, 3);
    }

    // ---------------------------------------------------------------- R3 opt-out

    @ParameterizedTest(name = "R3 {0} without opt-out")
    @EnumSource(value = Channel.class, names = {"EMAIL", "SMS", "AUTOMATED_CALL"})
    @DisplayName("R3: every electronic message offers a simple way to object (CPCE L34-5)")
    void R3_electronicMessageWithoutOptOut(Channel channel) {
        EvaluationResult result = run(campaign(Audience.CONSUMER, channel).optOut(OptOutMechanism.NONE));

        assertRejectedFor(result, "OPT_OUT_MISSING", "Opposition", "R3");
    }

    @ParameterizedTest(name = "R3 {0} with a premium-rate opt-out")
    @EnumSource(value = Channel.class, names = {"EMAIL", "SMS", "AUTOMATED_CALL"})
    @DisplayName("R3: a premium-rate opt-out is not free (CNIL 2011-384)")
    void R3_premiumRateOptOutIsNotFree(Channel channel) {
        EvaluationResult result = run(campaign(Audience.CONSUMER, channel).optOut(OptOutMechanism.PREMIUM_NUMBER));

        assertRejectedFor(result, "OPT_OUT_NOT_FREE", "Opposition", "R3");
    }

    @ParameterizedTest(name = "R3 counter-case: {0}")
    @EnumSource(value = OptOutMechanism.class, names = {"LINK", "SMS_STOP", "FREE_PHONE", "POSTAL_ADDRESS"})
    @DisplayName("R3 counter-case: a free opt-out raises nothing")
    void R3_freeOptOutIsEnough(OptOutMechanism mechanism) {
        assertApproved(run(campaign(Audience.CONSUMER, Channel.EMAIL).optOut(mechanism)));
    }

    @Test
    @DisplayName("R3: business emails must offer an opt-out too")
    void R3_appliesToBusinessEmail() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("SOFTWARE").optOut(OptOutMechanism.NONE),
                person("r-1").job("IT")));

        assertRejectedFor(result, "OPT_OUT_MISSING", "Opposition", "R3");
    }

    // ---------------------------------------------------------------- R4 opt-out (postal, phone)

    @Test
    @DisplayName("R4: postal mail must let the person object simply (GDPR art. 21)")
    void R4_postalWithoutOptOut() {
        assertRejectedFor(run(campaign(Audience.CONSUMER, Channel.POSTAL).optOut(OptOutMechanism.NONE)),
                "OPT_OUT_MISSING", "Opposition", "R4");
    }

    @Test
    @DisplayName("R4: objecting to calls must be free: no premium-rate number (GDPR art. 21(2))")
    void R4_phoneOptOutNotFree() {
        assertRejectedFor(run(campaign(Audience.CONSUMER, Channel.PHONE).optOut(OptOutMechanism.PREMIUM_NUMBER)),
                "OPT_OUT_NOT_FREE", "Opposition", "R4");
    }

    @Test
    @DisplayName("R4 counter-case: a postal address or a free number to object is enough")
    void R4_freeOptOutForPostalAndPhone() {
        assertApproved(run(campaign(Audience.CONSUMER, Channel.POSTAL).optOut(OptOutMechanism.POSTAL_ADDRESS)));
        assertApproved(run(campaign(Audience.CONSUMER, Channel.PHONE).optOut(OptOutMechanism.FREE_PHONE)));
    }

    // ---------------------------------------------------------------- R3, R22, R17: sender identified

    @ParameterizedTest(name = "R3 {0} from an unidentified sender")
    @EnumSource(value = Channel.class, names = {"EMAIL", "SMS", "AUTOMATED_CALL"})
    @DisplayName("R3: every electronic message identifies its sender (CPCE L34-5)")
    void R3_senderNotIdentified(Channel channel) {
        assertRejectedFor(run(campaign(Audience.CONSUMER, channel).sender(new Sender("Acme", false))),
                "SENDER_NOT_IDENTIFIED", "Messages", "R3");
    }

    @Test
    @DisplayName("R3: a sender flagged identified but without a name is not identified")
    void R3_senderWithoutNameIsNotIdentified() {
        assertRejectedFor(run(campaign(Audience.CONSUMER, Channel.EMAIL).sender(new Sender("  ", true))),
                "SENDER_NOT_IDENTIFIED", "Messages", "R3");
    }

    @Test
    @DisplayName("R22: a call opens with the caller's identity and on whose behalf it is made")
    void R22_callerNotIdentified() {
        assertRejectedFor(run(campaign(Audience.CONSUMER, Channel.PHONE).sender(new Sender("Acme", false))),
                "SENDER_NOT_IDENTIFIED", "Messages", "R22");
    }

    @Test
    @DisplayName("R22 counter-case: an identified caller raises nothing")
    void R22_callerIdentified() {
        assertApproved(run(campaign(Audience.CONSUMER, Channel.PHONE).sender(new Sender("Acme Assurances", true))));
    }

    @Test
    @DisplayName("R17: a letter identifies the controller who sends it (GDPR art. 14(1)(a))")
    void R17_letterSenderNotIdentified() {
        assertRejectedFor(run(campaign(Audience.CONSUMER, Channel.POSTAL).sender(null)),
                "SENDER_NOT_IDENTIFIED", "Messages", "R17");
    }

    @ParameterizedTest(name = "R17 {0}: source not disclosed")
    @EnumSource(Channel.class)
    @DisplayName("R17: the first message gives the precise source of rented data (GDPR art. 14(2)(f), 14(3))")
    void R17_sourceNotDisclosed(Channel channel) {
        assertRejectedFor(run(campaign(Audience.CONSUMER, channel).sourceDisclosed(false)),
                "SOURCE_NOT_DISCLOSED", "Messages", "R17");
    }

    @ParameterizedTest(name = "R17 counter-case {0}: source disclosed")
    @EnumSource(Channel.class)
    @DisplayName("R17 counter-case: a campaign that discloses the source and its sender raises nothing")
    void R17_sourceDisclosed(Channel channel) {
        assertApproved(run(campaign(Audience.CONSUMER, channel).sourceDisclosed(true)));
    }

    @Test
    @DisplayName("R17: business campaigns must disclose the source too")
    void R17_appliesToBusinessCampaigns() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.POSTAL).sourceDisclosed(false), person("r-1")));

        assertRejectedFor(result, "SOURCE_NOT_DISCLOSED", "Messages", "R17");
    }

    // ---------------------------------------------------------------- R9 / R23 sector bans
    // The bans have an exception, a solicitation in the execution of a contract in progress with the renter, that
    // only a record can show: the campaign gets a WARNING (SECTOR_BAN_CONTRACTS_ONLY), and each record is checked
    // for the exception by the Records sheet. These tests look at the Sector bans sheet's findings only.

    private static List<Finding> sectorFindings(EvaluationResult result) {
        return result.findings().stream().filter(f -> "Interdictions sectorielles".equals(f.rule().sheet())).toList();
    }

    /** The Sector bans sheet raises exactly one finding, a WARNING from this row, with a legal reference and its URL. */
    private static void assertSectorWarning(EvaluationResult result, String ruleId, int row) {
        List<Finding> bans = sectorFindings(result);
        assertThat(bans).as("Sector bans findings").singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo("SECTOR_BAN_CONTRACTS_ONLY");
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
            assertThat(f.rule().row()).isEqualTo(row);
            assertThat(ruleIdOf(f.rule().name())).isEqualTo(ruleId);
            assertThat(f.legalRef().en()).contains("https://www.legifrance.gouv.fr/");
            assertThat(f.message().en()).contains("in progress with you");
        });
        assertThat(findingCodes(result)).doesNotContain("SECTOR_BANNED");
    }

    private static EvaluationResult sector(Audience audience, Channel channel, String offer, String start, String end) {
        return evaluate(request(campaign(audience, channel).offer(offer).period(start, end), file(), person("r-1")));
    }

    @ParameterizedTest(name = "R9 consumer phone, offer {0}, from 2020-07-26")
    @ValueSource(strings = {"ENERGY_RENOVATION", "RENEWABLE_ENERGY"})
    @DisplayName("R9: telephone canvassing of consumers for energy renovation or renewables is banned from 2020-07-26 (loi 2020-901), a WARNING")
    void R9_energyByPhoneFrom2020_07_26(String offer) {
        assertSectorWarning(sector(Audience.CONSUMER, Channel.PHONE, offer, "2020-07-26", "2020-07-31"), "R9", 14);
        assertSectorWarning(sector(Audience.CONSUMER, Channel.PHONE, offer, "2026-12-01", "2026-12-20"), "R9", 14);
        // a campaign that ends on 2020-07-25 is before the ban
        assertThat(sectorFindings(sector(Audience.CONSUMER, Channel.PHONE, offer, "2020-07-20", "2020-07-25"))).isEmpty();
    }

    @Test
    @DisplayName("R9: telephone canvassing of consumers for home adaptation is banned from 2025-07-02 (loi 2025-594), not before")
    void R9_homeAdaptationByPhoneFrom2025_07_02() {
        assertSectorWarning(sector(Audience.CONSUMER, Channel.PHONE, "HOME_ADAPTATION", "2025-07-02", "2025-07-04"), "R9", 16);
        assertThat(sectorFindings(sector(Audience.CONSUMER, Channel.PHONE, "HOME_ADAPTATION", "2025-06-23", "2025-07-01"))).isEmpty();
        // in 2024 energy renovation was banned by phone, home adaptation not yet
        assertSectorWarning(sector(Audience.CONSUMER, Channel.PHONE, "ENERGY_RENOVATION", "2024-03-04", "2024-03-08"), "R9", 14);
        assertThat(sectorFindings(sector(Audience.CONSUMER, Channel.PHONE, "HOME_ADAPTATION", "2024-03-04", "2024-03-08"))).isEmpty();
    }

    @ParameterizedTest(name = "R9 consumer {0}: electronic canvassing from 2025-07-02")
    @EnumSource(value = Channel.class, names = {"EMAIL", "SMS", "AUTOMATED_CALL"})
    @DisplayName("R9: the ban extends to electronic canvassing of consumers from 2025-07-02 (confidence M), not before")
    void R9_electronicFrom2025_07_02(Channel channel) {
        for (String offer : List.of("ENERGY_RENOVATION", "RENEWABLE_ENERGY", "HOME_ADAPTATION")) {
            assertSectorWarning(sector(Audience.CONSUMER, channel, offer, "2025-07-02", "2025-07-04"), "R9", 15);
            assertThat(sectorFindings(sector(Audience.CONSUMER, channel, offer, "2025-06-23", "2025-07-01"))).as(offer).isEmpty();
        }
    }

    @Test
    @DisplayName("R9 counter-case: other offers, business audiences and postal mail are not banned")
    void R9_notForOtherOffersAudiencesOrPostal() {
        assertApproved(run(campaign(Audience.CONSUMER, Channel.PHONE).offer("HOME_IMPROVEMENT")));
        assertApproved(evaluate(request(campaign(Audience.BUSINESS, Channel.PHONE).offer("ENERGY_RENOVATION"), person("r-1"))));
        assertApproved(run(campaign(Audience.CONSUMER, Channel.POSTAL).offer("ENERGY_RENOVATION")));
    }

    @Test
    @DisplayName("R9 exception: the campaign-level ban no longer rejects; a person with a contract in progress about the offer may be called")
    void R9_contractHolderMayBeCalled() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).offer("ENERGY_RENOVATION"),
                person("r-1").contract()));

        assertSectorWarning(result, "R9", 14);
        assertThat(result.findings()).noneMatch(f -> f.severity() == Severity.BLOCKING);
        assertThat(verdict(result, "r-1").contactable()).isTrue();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @ParameterizedTest(name = "R23 {0}: CPF training canvassing from 2022-12-21")
    @EnumSource(value = Channel.class, names = {"PHONE", "AUTOMATED_CALL", "SMS", "EMAIL"})
    @DisplayName("R23: canvassing CPF holders for CPF training is banned from 2022-12-21, consumers and businesses (C. trav. L6323-8-1), not before")
    void R23_cpfTrainingFrom2022_12_21(Channel channel) {
        for (Audience audience : Audience.values()) {
            assertSectorWarning(sector(audience, channel, "CPF_TRAINING", "2022-12-21", "2022-12-23"), "R23", 17);
            assertSectorWarning(sector(audience, channel, "CPF_TRAINING", "2026-12-01", "2026-12-20"), "R23", 17);
            assertThat(sectorFindings(sector(audience, channel, "CPF_TRAINING", "2022-12-12", "2022-12-20"))).as("%s %s", audience, channel).isEmpty();
        }
    }

    @Test
    @DisplayName("R23 counter-case: postal mail is not among the channels L6323-8-1 names; other training offers are not CPF_TRAINING")
    void R23_notByPostNorOtherOffers() {
        assertThat(sectorFindings(sector(Audience.CONSUMER, Channel.POSTAL, "CPF_TRAINING", "2026-12-01", "2026-12-20"))).isEmpty();
        assertThat(sectorFindings(sector(Audience.BUSINESS, Channel.EMAIL, "SOFTWARE", "2026-12-01", "2026-12-20"))).isEmpty();
    }

    // ---------------------------------------------------------------- R21a calling days and hours

    @Test
    @DisplayName("R21a: a telephone campaign must declare when it calls")
    void R21a_noCallingWindowsDeclared() {
        assertRejectedFor(run(campaign(Audience.CONSUMER, Channel.PHONE).calling(null)), "CALL_HOURS_NOT_ALLOWED", "Appels", "R21a");
        assertRejectedFor(run(campaign(Audience.CONSUMER, Channel.PHONE).calling(new CallingPlan(List.of(), false, 3))),
                "CALL_HOURS_NOT_ALLOWED", "Appels", "R21a");
    }

    @Test
    @DisplayName("R21a: consumers may be called Monday to Friday only (D223-9)")
    void R21a_weekendCalls() {
        CallingPlan saturday = new CallingPlan(List.of(new CallingWindow(List.of(DayOfWeek.SATURDAY), LocalTime.of(10, 0), LocalTime.of(12, 0))), false, 3);
        Finding f = assertRejectedFor(run(campaign(Audience.CONSUMER, Channel.PHONE).calling(saturday)), "CALL_HOURS_NOT_ALLOWED", "Appels", "R21a");
        assertThat(f.rule().row()).isEqualTo(15);
    }

    @Test
    @DisplayName("R21a: not before 10:00")
    void R21a_callsBefore10() {
        Finding f = assertRejectedFor(run(campaign(Audience.CONSUMER, Channel.PHONE).calling(weekdays("09:30", "12:00"))),
                "CALL_HOURS_NOT_ALLOWED", "Appels", "R21a");
        assertThat(f.rule().row()).isEqualTo(16);
    }

    @Test
    @DisplayName("R21a: not between 13:00 and 14:00")
    void R21a_callsAtLunchTime() {
        Finding f = assertRejectedFor(run(campaign(Audience.CONSUMER, Channel.PHONE).calling(weekdays("12:00", "13:30"))),
                "CALL_HOURS_NOT_ALLOWED", "Appels", "R21a");
        assertThat(f.rule().row()).isEqualTo(17);
    }

    @Test
    @DisplayName("R21a: not after 20:00")
    void R21a_callsAfter20() {
        Finding f = assertRejectedFor(run(campaign(Audience.CONSUMER, Channel.PHONE).calling(weekdays("18:00", "20:30"))),
                "CALL_HOURS_NOT_ALLOWED", "Appels", "R21a");
        assertThat(f.rule().row()).isEqualTo(18);
    }

    @Test
    @DisplayName("R21a: not on French public holidays")
    void R21a_callsOnPublicHolidays() {
        CallingPlan holidays = new CallingPlan(List.of(new CallingWindow(WEEKDAYS, LocalTime.of(10, 0), LocalTime.of(13, 0))), true, 3);
        Finding f = assertRejectedFor(run(campaign(Audience.CONSUMER, Channel.PHONE).calling(holidays)), "CALL_HOURS_NOT_ALLOWED", "Appels", "R21a");
        assertThat(f.rule().row()).isEqualTo(19);
    }

    @Test
    @DisplayName("R21a counter-case: 10:00-13:00 and 14:00-20:00 on weekdays are allowed, boundaries included")
    void R21a_allowedSlots() {
        CallingPlan full = new CallingPlan(List.of(
                new CallingWindow(WEEKDAYS, LocalTime.of(10, 0), LocalTime.of(13, 0)),
                new CallingWindow(WEEKDAYS, LocalTime.of(14, 0), LocalTime.of(20, 0))), false, 4);
        assertApproved(run(campaign(Audience.CONSUMER, Channel.PHONE).calling(full)));
    }

    @Test
    @DisplayName("R21a counter-case: the calling slots concern consumers, not business calls")
    void R21a_notForBusinessCalls() {
        CallingPlan saturdayEvening = new CallingPlan(List.of(new CallingWindow(List.of(DayOfWeek.SATURDAY), LocalTime.of(18, 0), LocalTime.of(21, 0))), true, 6);
        assertApproved(evaluate(request(campaign(Audience.BUSINESS, Channel.PHONE).calling(saturdayEvening), person("r-1"))));
    }

    // ---------------------------------------------------------------- R21b campaign frequency

    @Test
    @DisplayName("R21b: a plan of more than 4 attempts per consumer per 30 days is CALL_FREQUENCY_EXCEEDED")
    void R21b_campaignPlansMoreThanFourAttempts() {
        CallingPlan five = new CallingPlan(List.of(new CallingWindow(WEEKDAYS, LocalTime.of(10, 0), LocalTime.of(13, 0))), false, 5);
        assertRejectedFor(run(campaign(Audience.CONSUMER, Channel.PHONE).calling(five)), "CALL_FREQUENCY_EXCEEDED", "Appels", "R21b");
    }

    @Test
    @DisplayName("R21b counter-case: 4 attempts per 30 days are allowed")
    void R21b_fourAttemptsAllowed() {
        CallingPlan four = new CallingPlan(List.of(new CallingWindow(WEEKDAYS, LocalTime.of(10, 0), LocalTime.of(13, 0))), false, 4);
        assertApproved(run(campaign(Audience.CONSUMER, Channel.PHONE).calling(four)));
    }

    // ---------------------------------------------------------------- R5 Bloctel scrub (see also PhoneSwitch2026Test)

    @Test
    @DisplayName("R5: a consumer phone file scrubbed more than 30 days before the last call is BLOCTEL_SCRUB_STALE")
    void R5_bloctelScrubStale() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-07-06", "2026-07-10"),
                file().bloctelScrubbedOn("2026-06-09"), person("r-1"))); // 31 days before 2026-07-10

        assertRejectedFor(result, "BLOCTEL_SCRUB_STALE", "Bloctel", "R5");
        assertThat(result.findings().get(0).scope()).isEqualTo(io.listguard.domain.FindingScope.FILE);
    }

    @Test
    @DisplayName("R5 press exception: a press campaign needs no Bloctel scrub (L223-5)")
    void R5_pressNeedsNoScrub() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).offer("PRESS").period("2026-07-06", "2026-07-10"),
                file().bloctelScrubbedOn("2026-01-01"), person("r-1")));

        assertApproved(result);
    }

    @Test
    @DisplayName("R5 counter-case: the scrub concerns consumer phone campaigns only (not SMS, not business)")
    void R5_scrubOnlyForConsumerPhone() {
        assertApproved(evaluate(request(campaign(Audience.CONSUMER, Channel.SMS).period("2026-07-06", "2026-07-10"),
                file().bloctelScrubbedOn("2026-01-01"), person("r-1"))));
        assertApproved(evaluate(request(campaign(Audience.BUSINESS, Channel.PHONE).period("2026-07-06", "2026-07-10"),
                file().bloctelScrubbedOn("2026-01-01"), person("r-1"))));
    }
}
