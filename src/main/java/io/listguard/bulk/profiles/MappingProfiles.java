package io.listguard.bulk.profiles;

import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.security.Actor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stored mapping profiles (tables of V6__mapping_profiles.sql): created, listed (by provider), read, updated on
 * the version they were read at, deleted; every change recorded with the JSON before and after. A profile is
 * checked whole before it is stored: every problem at once ({@link InvalidProfileException}).
 */
@Service
public class MappingProfiles {

    private static final String COLUMNS = "name, provider, version, created_by, created_at, updated_by, updated_at, profile_json";
    private static final String EVENT_COLUMNS = "id, profile_name, kind, version, actor, identity_kind, key_name, before_json, after_json, at";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    public MappingProfiles(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Checks and stores a new profile at version 1; a name taken already is refused, never replaced. */
    @Transactional
    public StoredProfile create(String profileJson, Actor actor) {
        MappingProfile profile = ProfileText.read(profileJson, null);
        String text = json.writeValueAsString(profile);
        Timestamp now = Timestamp.from(Instant.now());
        try {
            jdbc.sql("insert into mapping_profile (" + COLUMNS + ") values (?, ?, 1, ?, ?, ?, ?, ?)")
                    .params(profile.name(), profile.provider(), cut(actor.display(), 200), now, cut(actor.display(), 200), now, text).update();
        } catch (DuplicateKeyException e) {
            throw new ProfileExistsException(profile.name());
        }
        record(profile.name(), ProfileEvent.Kind.CREATED, 1, actor, null, text, now);
        return get(profile.name()).orElseThrow();
    }

    /** Every stored profile, by provider then name; of one provider only when {@code provider} is given. */
    public List<StoredProfile> list(String provider) {
        return provider == null || provider.isBlank()
                ? jdbc.sql("select " + COLUMNS + " from mapping_profile order by provider, name").query(this::stored).list()
                : jdbc.sql("select " + COLUMNS + " from mapping_profile where provider = ? order by name").param(provider.strip()).query(this::stored).list();
    }

    /** The names of the stored profiles, sorted. */
    public List<String> names() {
        return jdbc.sql("select name from mapping_profile order by name").query(String.class).list();
    }

    public Optional<StoredProfile> get(String name) {
        return jdbc.sql("select " + COLUMNS + " from mapping_profile where name = ?").param(name).query(this::stored).optional();
    }

    /**
     * The profile a bulk request names ({@code format.profile}), or an {@link UnknownProfileException} listing the
     * stored ones.
     */
    public StoredProfile resolve(String name) {
        return resolve(name, UnknownProfileException.PATH);
    }

    /** The profile of a name given at {@code path} of a request, or an {@link UnknownProfileException} listing the stored ones. */
    public StoredProfile resolve(String name, String path) {
        return get(name).orElseThrow(() -> new UnknownProfileException(name, names(), path));
    }

    /**
     * Replaces a profile, provided it is still at {@code expectedVersion} (the version the change was made on): a
     * change made on an older one is refused ({@link StaleProfileException}), since it would undo the one in between.
     * The name cannot change.
     */
    @Transactional
    public StoredProfile update(String name, String profileJson, int expectedVersion, Actor actor) {
        StoredProfile current = get(name).orElseThrow(() -> new ProfileNotFoundException(name));
        if (current.version() != expectedVersion) {
            throw stale(name, expectedVersion);
        }
        MappingProfile profile = ProfileText.read(profileJson, name);
        String text = json.writeValueAsString(profile);
        Timestamp now = Timestamp.from(Instant.now());
        int updated = jdbc.sql("update mapping_profile set provider = ?, profile_json = ?, version = version + 1, updated_by = ?, updated_at = ? "
                        + "where name = ? and version = ?")
                .params(profile.provider(), text, cut(actor.display(), 200), now, name, expectedVersion).update();
        if (updated == 0) {
            throw stale(name, expectedVersion); // changed between the read above and this update
        }
        record(name, ProfileEvent.Kind.UPDATED, expectedVersion + 1, actor, json.writeValueAsString(current.profile()), text, now);
        return get(name).orElseThrow();
    }

    /** Deletes a profile (its history stays); with {@code expectedVersion}, only if it is still at that version. */
    @Transactional
    public void delete(String name, Integer expectedVersion, Actor actor) {
        StoredProfile current = get(name).orElseThrow(() -> new ProfileNotFoundException(name));
        int version = expectedVersion == null ? current.version() : expectedVersion;
        if (current.version() != version) {
            throw stale(name, version);
        }
        // the row is deleted only at the version read above, so that the JSON recorded as "before" is the one deleted
        int deleted = jdbc.sql("delete from mapping_profile where name = ? and version = ?").params(name, version).update();
        if (deleted == 0) {
            throw stale(name, version);
        }
        record(name, ProfileEvent.Kind.DELETED, version, actor, json.writeValueAsString(current.profile()), null, Timestamp.from(Instant.now()));
    }

    /** Every change of a profile (also of a deleted one), oldest first. */
    public List<ProfileEvent> history(String name) {
        return jdbc.sql("select " + EVENT_COLUMNS + " from mapping_profile_event where profile_name = ? order by id").param(name).query(this::event).list();
    }

    private RuntimeException stale(String name, int expectedVersion) {
        return get(name).<RuntimeException>map(now -> new StaleProfileException(name, expectedVersion, now.version(), now.updatedBy(), now.updatedAt()))
                .orElseGet(() -> new ProfileNotFoundException(name));
    }

    private void record(String name, ProfileEvent.Kind kind, int version, Actor actor, String before, String after, Timestamp at) {
        jdbc.sql("insert into mapping_profile_event (profile_name, kind, version, actor, identity_kind, identity, key_name, before_json, after_json, at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(name, kind.name(), version, cut(actor.display(), 200), actor.kind().name(), cut(actor.identity(), 400), actor.keyName(),
                        before, after, at)
                .update();
    }

    private StoredProfile stored(ResultSet rs, int row) throws SQLException {
        return new StoredProfile(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6),
                rs.getTimestamp(7).toInstant(), json.readValue(rs.getString(8), MappingProfile.class));
    }

    private ProfileEvent event(ResultSet rs, int row) throws SQLException {
        return new ProfileEvent(rs.getLong(1), rs.getString(2), ProfileEvent.Kind.valueOf(rs.getString(3)), rs.getInt(4), rs.getString(5),
                Actor.Kind.valueOf(rs.getString(6)), rs.getString(7), tree(rs.getString(8)), tree(rs.getString(9)), rs.getTimestamp(10).toInstant());
    }

    private JsonNode tree(String text) {
        return text == null ? null : json.readTree(text);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
