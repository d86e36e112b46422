package io.tributary.core.security;

import java.util.Locale;

/** What a role may do on an address ({@code permissions.ROLE.PATTERN=send,consume,...}). */
public enum Permission {
    /** Send messages to the address. */
    SEND,
    /** Consume (and so remove) messages, or read a stream as a consumer. */
    CONSUME,
    /** Look at messages without removing them (a queue browser). */
    BROWSE,
    /** Create the address (auto-creation by a client's use of an unknown name, or the management API). */
    CREATE,
    /** Delete the address (the management API). */
    DELETE,
    /** Change the address through the management API (settings, purge, move, retry). */
    MANAGE;

    /** The name as the configuration file writes it: {@code send}, {@code consume}, ... */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
