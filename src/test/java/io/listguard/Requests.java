package io.listguard;

import io.listguard.domain.Audience;
import io.listguard.domain.CallingPlan;
import io.listguard.domain.CallingWindow;
import io.listguard.domain.Campaign;
import io.listguard.domain.Channel;
import io.listguard.domain.Consent;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.OptOutMechanism;
import io.listguard.domain.Provider;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RecordKind;
import io.listguard.domain.RentedFile;
import io.listguard.domain.Sender;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Builders of lawful-by-default requests: a compliant campaign, a certified file at a market price, and records
 * that may be contacted. Each test changes the one thing it is about.
 */
public final class Requests {

    private Requests() {
    }

    public static CampaignBuilder campaign(Audience audience, Channel channel) {
        return new CampaignBuilder(audience, channel);
    }

    public static FileBuilder file() {
        return new FileBuilder();
    }

    public static RecordBuilder person(String id) {
        return new RecordBuilder(id, RecordKind.PERSON);
    }

    public static EvaluationRequest request(CampaignBuilder campaign, RecordBuilder... records) {
        return request(campaign, file(), records);
    }

    public static EvaluationRequest request(CampaignBuilder campaign, FileBuilder file, RecordBuilder... records) {
        List<ProspectRecord> built = new ArrayList<>();
        for (RecordBuilder r : records) {
            built.add(r.build(campaign.channel));
        }
        return new EvaluationRequest(campaign.build(), file.build(campaign.channel), built);
    }

    public static final class CampaignBuilder {
        String id = "CMP-1";
        Audience audience;
        Channel channel;
        String offer = "INSURANCE";
        LocalDate start = LocalDate.of(2026, 12, 1);
        LocalDate end = LocalDate.of(2026, 12, 20);
        Sender sender = new Sender("Acme", true);
        OptOutMechanism optOut;
        boolean sourceDisclosed = true;
        CallingPlan calling;

        CampaignBuilder(Audience audience, Channel channel) {
            this.audience = audience;
            this.channel = channel;
            this.optOut = switch (channel) {
                case EMAIL -> OptOutMechanism.LINK;
                case SMS -> OptOutMechanism.SMS_STOP;
                case PHONE, AUTOMATED_CALL -> OptOutMechanism.FREE_PHONE;
                case POSTAL -> OptOutMechanism.POSTAL_ADDRESS;
            };
            if (channel == Channel.PHONE || channel == Channel.AUTOMATED_CALL) { // both declare a calling plan (R21a)
                calling = new CallingPlan(List.of(
                        new CallingWindow(List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY), LocalTime.of(10, 0), LocalTime.of(13, 0)),
                        new CallingWindow(List.of(DayOfWeek.THURSDAY, DayOfWeek.FRIDAY), LocalTime.of(14, 0), LocalTime.of(20, 0))),
                        false, 3);
            }
        }

        public CampaignBuilder offer(String offer) { this.offer = offer; return this; }
        public CampaignBuilder period(String start, String end) { this.start = LocalDate.parse(start); this.end = end == null ? null : LocalDate.parse(end); return this; }
        public CampaignBuilder optOut(OptOutMechanism optOut) { this.optOut = optOut; return this; }
        public CampaignBuilder sender(Sender sender) { this.sender = sender; return this; }
        public CampaignBuilder sourceDisclosed(boolean disclosed) { this.sourceDisclosed = disclosed; return this; }
        public CampaignBuilder calling(CallingPlan calling) { this.calling = calling; return this; }
        /** The calling plan as it is, with this caller's number (R28); a campaign without a plan gets an empty one. */
        public CampaignBuilder callerNumber(String number, Boolean masked) {
            CallingPlan plan = calling != null ? calling : new CallingPlan(List.of(), false, null);
            this.calling = new CallingPlan(plan.windows(), plan.includesPublicHolidays(), plan.maxAttemptsPer30Days(), plan.timeZone(),
                    plan.outOfHoursOnlyWithAgreement(), number, masked);
            return this;
        }

        public Campaign build() {
            return new Campaign(id, audience, channel, offer, start, end, sender, optOut, sourceDisclosed, calling);
        }
    }

    public static final class FileBuilder {
        List<String> certifications = List.of("SNCD");
        LocalDate certifiedUntil = LocalDate.of(2027, 6, 30);
        Double price;
        LocalDate scrubbedOn = LocalDate.of(2026, 11, 25);
        Boolean personalData;
        LocalDate receivedOn;
        LocalDate personsInformedOn;

        public FileBuilder certifications(String... certifications) { this.certifications = List.of(certifications); return this; }
        public FileBuilder certifiedUntil(String date) { this.certifiedUntil = date == null ? null : LocalDate.parse(date); return this; }
        public FileBuilder price(Double price) { this.price = price; return this; }
        public FileBuilder bloctelScrubbedOn(String date) { this.scrubbedOn = date == null ? null : LocalDate.parse(date); return this; }
        public FileBuilder personalData(Boolean personalData) { this.personalData = personalData; return this; }
        public FileBuilder receivedOn(String date) { this.receivedOn = date == null ? null : LocalDate.parse(date); return this; }
        public FileBuilder personsInformedOn(String date) { this.personsInformedOn = date == null ? null : LocalDate.parse(date); return this; }

        RentedFile build(Channel channel) {
            double defaultPrice = switch (channel) {
                case EMAIL -> 300.0;
                case POSTAL -> 220.0;
                default -> 400.0;
            };
            return new RentedFile("F-1", new Provider("DataCo", certifications, certifiedUntil),
                    price == null ? defaultPrice : price, "EUR", scrubbedOn, personalData, receivedOn, personsInformedOn);
        }
    }

    public static final class RecordBuilder {
        final String id;
        RecordKind kind;
        String email;
        String phone;
        String postalAddress = "12 rue de la Paix, 75002 Paris";
        LocalDate birthDate = LocalDate.of(1980, 5, 17);
        String jobFunction;
        List<String> segments = List.of();
        final List<Consent> consents = new ArrayList<>();
        boolean noConsent;
        boolean bloctel;
        boolean optedOut;
        boolean contract;
        Boolean contractWithRenter;
        LocalDate lastActivity = LocalDate.of(2026, 3, 1);
        int attempts;
        LocalDate lastRefusal;
        LocalDate collectedOn;
        LocalDate objectedDuringCallOn;
        Boolean listeOrange;
        Boolean outOfHoursCallsAgreed;
        String timeZone;

        RecordBuilder(String id, RecordKind kind) {
            this.id = id;
            this.kind = kind;
            this.email = id + "@example.org";
            this.phone = "06 12 34 56 78";
        }

        public RecordBuilder kind(RecordKind kind) { this.kind = kind; return this; }
        public RecordBuilder email(String email) { this.email = email; return this; }
        public RecordBuilder phone(String phone) { this.phone = phone; return this; }
        public RecordBuilder postalAddress(String address) { this.postalAddress = address; return this; }
        public RecordBuilder birthDate(String date) { this.birthDate = LocalDate.parse(date); return this; }
        public RecordBuilder job(String job) { this.jobFunction = job; return this; }
        public RecordBuilder segments(String... segments) { this.segments = List.of(segments); return this; }
        public RecordBuilder consent(Consent consent) { this.consents.add(consent); return this; }
        public RecordBuilder withoutConsent() { this.noConsent = true; return this; }
        public RecordBuilder bloctel() { this.bloctel = true; return this; }
        public RecordBuilder optedOut() { this.optedOut = true; return this; }
        /** A contract in progress related to the offer, with the renter (the campaign's company). */
        public RecordBuilder contract() { this.contract = true; this.contractWithRenter = true; return this; }
        /** A contract in progress related to the offer; {@code withRenter} null: the file does not say with whom. */
        public RecordBuilder contract(Boolean withRenter) { this.contract = true; this.contractWithRenter = withRenter; return this; }
        public RecordBuilder collectedOn(String date) { this.collectedOn = date == null ? null : LocalDate.parse(date); return this; }
        public RecordBuilder objectedDuringCall(String date) { this.objectedDuringCallOn = LocalDate.parse(date); return this; }
        public RecordBuilder listeOrange(Boolean on) { this.listeOrange = on; return this; }
        public RecordBuilder outOfHoursCallsAgreed(Boolean agreed) { this.outOfHoursCallsAgreed = agreed; return this; }
        public RecordBuilder noLastActivity() { this.lastActivity = null; return this; }
        public RecordBuilder lastActivity(String date) { this.lastActivity = LocalDate.parse(date); return this; }
        public RecordBuilder attempts(int attempts) { this.attempts = attempts; return this; }
        public RecordBuilder lastRefusal(String date) { this.lastRefusal = LocalDate.parse(date); return this; }
        public RecordBuilder timeZone(String zone) { this.timeZone = zone; return this; }

        ProspectRecord build(Channel channel) {
            List<Consent> all = new ArrayList<>(consents);
            if (all.isEmpty() && !noConsent) {
                all.add(new Consent(channel, LocalDate.of(2026, 3, 1), "form-991#2026-03-01T10:02Z", true, false));
            }
            return new ProspectRecord(id, kind, email, phone, postalAddress, birthDate, jobFunction, segments, all,
                    bloctel, optedOut, contract, lastActivity, attempts, lastRefusal, collectedOn, contractWithRenter,
                    objectedDuringCallOn, listeOrange, outOfHoursCallsAgreed, timeZone);
        }
    }
}
