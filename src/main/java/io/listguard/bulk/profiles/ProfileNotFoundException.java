package io.listguard.bulk.profiles;

/** No stored profile has this name. */
public class ProfileNotFoundException extends ProfileRefusedException {

    public ProfileNotFoundException(String name) {
        super("profiles.notFound", name);
    }
}
