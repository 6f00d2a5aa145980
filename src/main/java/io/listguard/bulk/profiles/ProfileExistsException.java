package io.listguard.bulk.profiles;

/** A profile of this name is stored already: a creation never replaces one (an update names its version). */
public class ProfileExistsException extends ProfileRefusedException {

    public ProfileExistsException(String name) {
        super("profiles.exists", name);
    }
}
