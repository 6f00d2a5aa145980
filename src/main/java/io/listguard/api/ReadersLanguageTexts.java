package io.listguard.api;

import io.listguard.domain.Messages;
import io.listguard.domain.PolicyText;
import io.listguard.lifecycle.PolicyActivation;
import io.listguard.lifecycle.PolicyEvent;
import io.listguard.lifecycle.PolicyVersion;
import io.listguard.lifecycle.ScheduledActivations;
import io.listguard.lifecycle.StoredTexts;
import io.listguard.policy.PolicyDiff;
import io.listguard.policy.PolicyProblem;
import io.listguard.policy.WorkbookMerge;
import io.listguard.domain.LanguageTexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.PropertyName;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.BeanPropertyWriter;
import tools.jackson.databind.ser.ValueSerializerModifier;

/**
 * Issue 16: the texts of the API's answers that have a message code (a validation report's errors and warnings,
 * scenario failures ({@link LanguageTexts}), a diff's problem, merge conflicts) or that the system stored with codes (a version's comment,
 * an activation's or event's reason, a schedule's outcome), written in the caller's language like {@link PolicyText}
 * ({@link CallerLanguageJson}'s rendering: {@code Accept-Language}, English by default). Field names stay as they
 * are; with {@code texts=all} a problem's {@code message} gets its sibling {@code messages} ({@code {"fr", "en"}}).
 */
final class ReadersLanguageTexts {

    private ReadersLanguageTexts() {
    }

    /** A property of a class and how to render it in a language. */
    private record Rendered(Class<?> type, String property, BiFunction<Object, Locale, Object> text, boolean both) {
    }

    private static final List<Rendered> RENDERED = List.of(
            new Rendered(PolicyProblem.class, "message", (b, l) -> ((PolicyProblem) b).message(l), true),
            new Rendered(PolicyDiff.FileDiff.class, "problem", (b, l) -> ((PolicyDiff.FileDiff) b).problem(l), false),
            new Rendered(WorkbookMerge.Conflict.class, "base", (b, l) -> ((WorkbookMerge.Conflict) b).in(l).base(), false),
            new Rendered(WorkbookMerge.Conflict.class, "active", (b, l) -> ((WorkbookMerge.Conflict) b).in(l).active(), false),
            new Rendered(WorkbookMerge.Conflict.class, "upload", (b, l) -> ((WorkbookMerge.Conflict) b).in(l).upload(), false),
            new Rendered(PolicyVersion.class, "comment", (b, l) -> ((PolicyVersion) b).comment(l), false),
            new Rendered(PolicyLifecycleController.VersionView.class, "comment",
                    (b, l) -> StoredTexts.render(l, ((PolicyLifecycleController.VersionView) b).comment()), false),
            new Rendered(PolicyActivation.class, "activatedBy", (b, l) -> ((PolicyActivation) b).activatedBy(l), false),
            new Rendered(PolicyEvent.class, "actor", (b, l) -> ((PolicyEvent) b).actor(l), false),
            new Rendered(PolicyActivation.class, "reason", (b, l) -> ((PolicyActivation) b).reason(l), false),
            new Rendered(PolicyEvent.class, "reason", (b, l) -> ((PolicyEvent) b).reason(l), false),
            new Rendered(io.listguard.bulk.jobs.BulkJob.class, "error", (b, l) -> ((io.listguard.bulk.jobs.BulkJob) b).error(l), false),
            new Rendered(ScheduledActivations.Schedule.class, "outcome", (b, l) -> ((ScheduledActivations.Schedule) b).outcome(l), false),
            new Rendered(ScheduledActivations.Schedule.class, "cancelReason", (b, l) -> ((ScheduledActivations.Schedule) b).cancelReason(l), false));

    /** The Jackson module: registered beside {@link PolicyText#module()} on Spring Boot's JsonMapper. */
    static SimpleModule module() {
        return new SimpleModule("listguard-readers-language").setSerializerModifier(new ValueSerializerModifier() {
            @Override
            public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription.Supplier beanDesc,
                                                             List<BeanPropertyWriter> properties) {
                Class<?> type = beanDesc.getBeanClass();
                if (LanguageTexts.class.isAssignableFrom(type)) {
                    // the value says which of its properties it renders (a scenario result's failures)
                    return properties.stream().map(w -> (BeanPropertyWriter) new InLanguage(w, new Rendered(type, w.getName(),
                            (b, l) -> ((LanguageTexts) b).inLanguage(w.getName(), l), false), false)).toList();
                }
                if (RENDERED.stream().noneMatch(r -> r.type() == type)) {
                    return properties;
                }
                List<BeanPropertyWriter> changed = new ArrayList<>(properties.size() + 1);
                for (BeanPropertyWriter w : properties) {
                    Rendered rendered = RENDERED.stream().filter(r -> r.type() == type && r.property().equals(w.getName())).findFirst().orElse(null);
                    if (rendered == null) {
                        changed.add(w);
                        continue;
                    }
                    changed.add(new InLanguage(w, rendered, false));
                    if (rendered.both()) {
                        changed.add(new InLanguage(w, rendered, true));
                    }
                }
                return changed;
            }
        });
    }

    private static PolicyText.Rendering rendering(SerializationContext ctxt) {
        return ctxt.getAttribute(PolicyText.RENDERING) instanceof PolicyText.Rendering r ? r : null;
    }

    /** A property written in the caller's language; or, as {@code both}, its sibling in both languages. */
    private static final class InLanguage extends BeanPropertyWriter {

        private final Rendered rendered;
        private final boolean both;

        InLanguage(BeanPropertyWriter base, Rendered rendered, boolean both) {
            super(base, PropertyName.construct(both ? base.getName() + "s" : base.getName()));
            this.rendered = rendered;
            this.both = both;
        }

        @Override
        public void serializeAsProperty(Object bean, JsonGenerator g, SerializationContext ctxt) throws Exception {
            PolicyText.Rendering r = rendering(ctxt);
            if (both) {
                if (r != null && r.both() && !r.stored()) {
                    g.writeName(getName());
                    g.writeStartObject();
                    writeValue(g, rendered.text().apply(bean, Messages.FRENCH), "fr");
                    writeValue(g, rendered.text().apply(bean, Messages.ENGLISH), "en");
                    g.writeEndObject();
                }
                return;
            }
            Object value = r == null || r.stored() || get(bean) == null ? null : rendered.text().apply(bean, r.language());
            if (value == null) {
                super.serializeAsProperty(bean, g, ctxt); // as stored: the stores keep codes and English texts
                return;
            }
            writeValue(g, value, getName());
        }

        private static void writeValue(JsonGenerator g, Object value, String name) {
            g.writeName(name);
            if (value == null) {
                g.writeNull();
            } else if (value instanceof List<?> list) {
                g.writeStartArray();
                for (Object item : list) {
                    g.writeString(String.valueOf(item));
                }
                g.writeEndArray();
            } else {
                g.writeString(String.valueOf(value));
            }
        }
    }
}
