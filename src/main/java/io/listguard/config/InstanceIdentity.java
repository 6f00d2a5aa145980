package io.listguard.config;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Who this running instance of the service is, among several sharing one database: the name under which it claims
 * work (db-scheduler's scheduler name, the owner of a bulk job, a lock holder). Property
 * {@code listguard.instance-id}; unset, {@code host-pid-random} (the random part tells apart two starts of the same
 * process id, e.g. a container restarted with pid 1), so that no two running instances share a name: a dead
 * instance's work is taken over by name, and a reused name would look alive.
 */
@Component
public class InstanceIdentity {

    /** The longest name kept: it is stored in columns of 200 characters. */
    static final int MAX_LENGTH = 200;

    private final String id;

    public InstanceIdentity(@Value("${listguard.instance-id:}") String configured) {
        String name = configured == null || configured.isBlank() ? generated() : configured.strip();
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("listguard.instance-id is longer than " + MAX_LENGTH + " characters");
        }
        this.id = name;
    }

    public String id() {
        return id;
    }

    @Override
    public String toString() {
        return id;
    }

    static String generated() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "host";
        }
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        String name = host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
        return name.length() > MAX_LENGTH ? name.substring(name.length() - MAX_LENGTH) : name;
    }
}
