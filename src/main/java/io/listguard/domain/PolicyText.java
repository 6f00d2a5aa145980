package io.listguard.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.PropertyName;
import tools.jackson.databind.SerializationConfig;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonSerialize;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.BeanPropertyWriter;
import tools.jackson.databind.ser.ValueSerializerModifier;

/**
 * A text that a policy writes in English and French: a finding's message, a legal reference. English comes from the
 * row's {@code message}/{@code legalRef} METADATA (DRL: {@code @message}/{@code @legalRef}), French from
 * {@code messageFr}/{@code legalRefFr} ({@code @messageFr}/{@code @legalRefFr}); a rule without the French text
 * falls back to the English one ({@link #in}).
 * <p>
 * In JSON a text is, by default, its English string, as before there was a French one. How it is written depends on
 * the writer's {@link Rendering} attribute ({@link #RENDERING}): {@link Rendering#STORED} writes both languages as
 * {@code {"en": "...", "fr": "..."}} (the audit trail, stored job results); a language writes that language's
 * string and, with {@link Rendering#both()}, a sibling property named with an "s" ({@code messages},
 * {@code legalRefs}) holding both languages ({@link #module()} adds it). Reading accepts the string (an English
 * text, as stored before) and the object.
 */
@JsonSerialize(using = PolicyText.Writer.class)
@JsonDeserialize(using = PolicyText.Reader.class)
public record PolicyText(String en, String fr) {

    /** The writer attribute that chooses how texts are written; a {@link Rendering}. */
    public static final Object RENDERING = Rendering.class;

    public PolicyText {
        fr = fr == null || fr.isBlank() ? null : fr;
    }

    /** An English text without its French one. */
    public static PolicyText english(String en) {
        return en == null ? null : new PolicyText(en, null);
    }

    /** The text in a language: French when asked for and written, English otherwise. */
    public String in(Locale locale) {
        return locale != null && locale.getLanguage().equals("fr") && fr != null ? fr : en;
    }

    /** The French text, or the English one when the policy gives none. */
    public String french() {
        return fr != null ? fr : en;
    }

    /** Whether the policy wrote the French text (not fallen back to English). */
    public boolean hasFrench() {
        return fr != null;
    }

    @Override
    public String toString() {
        return en;
    }

    /**
     * How a writer writes texts: in one language, with or without both languages beside it; or {@link #STORED},
     * both languages as the text's value, for the stores that must keep them.
     */
    public record Rendering(Locale language, boolean both, boolean stored) {

        public static final Rendering STORED = new Rendering(Messages.ENGLISH, true, true);

        public static Rendering of(Locale language, boolean both) {
            return new Rendering(language, both, false);
        }
    }

    private static Rendering rendering(SerializationContext ctxt) {
        return ctxt.getAttribute(RENDERING) instanceof Rendering r ? r : null;
    }

    private static void writeBoth(PolicyText text, JsonGenerator g) {
        g.writeStartObject();
        g.writeStringProperty("fr", text.french());
        g.writeStringProperty("en", text.en());
        g.writeEndObject();
    }

    static final class Writer extends ValueSerializer<PolicyText> {
        @Override
        public void serialize(PolicyText text, JsonGenerator g, SerializationContext ctxt) {
            Rendering r = rendering(ctxt);
            if (r != null && r.stored()) {
                g.writeStartObject();
                g.writeStringProperty("en", text.en());
                if (text.fr() != null) {
                    g.writeStringProperty("fr", text.fr());
                }
                g.writeEndObject();
            } else {
                g.writeString(text.in(r == null ? Messages.ENGLISH : r.language()));
            }
        }
    }

    static final class Reader extends ValueDeserializer<PolicyText> {
        @Override
        public PolicyText deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.currentToken() == JsonToken.VALUE_STRING) {
                return new PolicyText(p.getString(), null); // stored before texts had a French version
            }
            if (p.currentToken() != JsonToken.START_OBJECT) {
                return (PolicyText) ctxt.handleUnexpectedToken(PolicyText.class, p);
            }
            String en = null;
            String fr = null;
            for (String name = p.nextName(); name != null; name = p.nextName()) {
                JsonToken value = p.nextToken();
                String text = value == JsonToken.VALUE_NULL ? null : p.getValueAsString();
                if (name.equals("en")) {
                    en = text;
                } else if (name.equals("fr")) {
                    fr = text;
                } else {
                    p.skipChildren();
                }
            }
            return new PolicyText(en != null ? en : fr, fr);
        }
    }

    /**
     * The Jackson module that writes, beside each text property ({@code message}), its both-language sibling
     * ({@code messages}: {@code {"fr": "...", "en": "..."}}) when the writer's rendering asks for both languages.
     */
    public static SimpleModule module() {
        return new SimpleModule("listguard-policy-texts").setSerializerModifier(new ValueSerializerModifier() {
            @Override
            public List<BeanPropertyWriter> changeProperties(SerializationConfig config, BeanDescription.Supplier beanDesc,
                                                             List<BeanPropertyWriter> properties) {
                if (properties.stream().noneMatch(w -> w.getType().getRawClass() == PolicyText.class)) {
                    return properties;
                }
                List<BeanPropertyWriter> changed = new ArrayList<>(properties.size() + 2);
                for (BeanPropertyWriter w : properties) {
                    changed.add(w);
                    if (w.getType().getRawClass() == PolicyText.class) {
                        changed.add(new BothLanguages(w));
                    }
                }
                return changed;
            }
        });
    }

    /** The sibling of a text property: both languages, written only when the rendering asks for them. */
    private static final class BothLanguages extends BeanPropertyWriter {

        BothLanguages(BeanPropertyWriter base) {
            super(base, PropertyName.construct(base.getName() + "s"));
        }

        @Override
        public void serializeAsProperty(Object bean, JsonGenerator g, SerializationContext ctxt) throws Exception {
            Rendering r = rendering(ctxt);
            if (r == null || !r.both() || r.stored()) {
                return;
            }
            Object value = get(bean);
            if (value instanceof PolicyText text) {
                g.writeName(getName());
                writeBoth(text, g);
            }
        }
    }
}
