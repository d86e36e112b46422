package io.tributary.core.security;

import io.tributary.core.BrokerException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Who may do what on which address: users belong to roles ({@code roles.ROLE=alice,bob}), and roles are granted
 * permissions on address patterns ({@code permissions.ROLE.PATTERN=send,consume}). A pattern is an address name
 * whose dot-separated words may be {@code *} (exactly one word) or {@code #} (any number of words, none included),
 * as Artemis's security settings match: {@code orders.*} matches {@code orders.eu} but not {@code orders} or
 * {@code orders.eu.north}; {@code orders.#} matches all three; {@code #} matches every address. A connection without
 * a user has the role {@value #ANONYMOUS}; every user also has the role {@value #EVERYONE}.
 *
 * <p>Without any grant everything is allowed (a broker without permissions configured keeps working as before);
 * with at least one, whatever no grant allows is refused.
 *
 * <p>Immutable and thread-safe.
 */
public final class Permissions {

    /** The role of a connection that did not log in. */
    public static final String ANONYMOUS = "anonymous";
    /** A role every authenticated user has. */
    public static final String EVERYONE = "everyone";
    /** Everything allowed: no grants configured. */
    public static final Permissions ALLOW_ALL = new Permissions(Map.of(), Map.of());

    private record Grant(String[] pattern, Set<Permission> permissions) {
    }

    private final Map<String, Set<String>> rolesOfUser;
    private final Map<String, List<Grant>> grantsOfRole;

    private Permissions(Map<String, Set<String>> rolesOfUser, Map<String, List<Grant>> grantsOfRole) {
        this.rolesOfUser = rolesOfUser;
        this.grantsOfRole = grantsOfRole;
    }

    /** Builds the permissions. Not thread-safe. */
    public static final class Builder {
        private final Map<String, Set<String>> rolesOfUser = new HashMap<>();
        private final Map<String, List<Grant>> grantsOfRole = new HashMap<>();

        /** Puts {@code user} in {@code role}. */
        public Builder member(String role, String user) {
            rolesOfUser.computeIfAbsent(user, u -> new HashSet<>()).add(role);
            return this;
        }

        /**
         * Grants {@code role} the {@code permissions} (a comma-separated list of {@link Permission#word()}s) on the
         * addresses {@code pattern} matches.
         *
         * @throws IllegalArgumentException naming an unknown permission or a malformed pattern
         */
        public Builder grant(String role, String pattern, String permissions) {
            Set<Permission> set = EnumSet.noneOf(Permission.class);
            for (String word : permissions.split(",")) {
                String w = word.trim();
                if (w.isEmpty()) {
                    continue;
                }
                try {
                    set.add(Permission.valueOf(w.toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("'" + w + "' is not a permission; use "
                            + Arrays.stream(Permission.values()).map(Permission::word).toList());
                }
            }
            if (pattern.isEmpty() || Arrays.stream(pattern.split("\\.", -1)).anyMatch(String::isEmpty)) {
                throw new IllegalArgumentException("address pattern '" + pattern + "' has an empty word");
            }
            grantsOfRole.computeIfAbsent(role, r -> new ArrayList<>()).add(new Grant(pattern.split("\\."), set));
            return this;
        }

        public Permissions build() {
            if (grantsOfRole.isEmpty()) {
                return ALLOW_ALL;
            }
            Map<String, Set<String>> roles = new HashMap<>();
            rolesOfUser.forEach((u, r) -> roles.put(u, Set.copyOf(r)));
            Map<String, List<Grant>> grants = new HashMap<>();
            grantsOfRole.forEach((r, g) -> grants.put(r, List.copyOf(g)));
            return new Permissions(Map.copyOf(roles), Map.copyOf(grants));
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when no grant is configured and everything is allowed. */
    public boolean allowsAll() {
        return grantsOfRole.isEmpty();
    }

    /** Whether {@code user} (null: a connection that did not log in) may do {@code permission} on {@code address}. */
    public boolean allows(String user, Permission permission, String address) {
        if (grantsOfRole.isEmpty()) {
            return true;
        }
        String[] words = address.split("\\.", -1);
        for (String role : rolesOf(user)) {
            for (Grant g : grantsOfRole.getOrDefault(role, List.of())) {
                if (g.permissions().contains(permission) && matches(g.pattern(), 0, words, 0)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Refuses what {@link #allows} does not allow.
     *
     * @throws BrokerException UNAUTHORIZED naming the user, the permission and the address
     */
    public void check(String user, Permission permission, String address) {
        if (!allows(user, permission, address)) {
            throw new BrokerException(BrokerException.Kind.UNAUTHORIZED, (user == null ? "a connection without a user"
                    : "user '" + user + "'") + " may not " + permission.word() + " on address '" + address
                    + "': no role of it has the permission " + permission.word() + " there");
        }
    }

    private Set<String> rolesOf(String user) {
        if (user == null) {
            return Set.of(ANONYMOUS);
        }
        Set<String> roles = new HashSet<>(rolesOfUser.getOrDefault(user, Set.of()));
        roles.add(EVERYONE);
        return roles;
    }

    /** Artemis-style word matching: {@code *} one word, {@code #} any number of words. */
    private static boolean matches(String[] pattern, int p, String[] words, int w) {
        if (p == pattern.length) {
            return w == words.length;
        }
        if (pattern[p].equals("#")) {
            for (int skip = w; skip <= words.length; skip++) {
                if (matches(pattern, p + 1, words, skip)) {
                    return true;
                }
            }
            return false;
        }
        if (w == words.length) {
            return false;
        }
        return (pattern[p].equals("*") || pattern[p].equals(words[w])) && matches(pattern, p + 1, words, w + 1);
    }
}
