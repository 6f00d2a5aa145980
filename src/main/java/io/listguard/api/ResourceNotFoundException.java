package io.listguard.api;

/** A stored evaluation or record that does not exist (or no longer: retention purges old ones). */
class ResourceNotFoundException extends RuntimeException {

    ResourceNotFoundException(String message) {
        super(message);
    }
}
