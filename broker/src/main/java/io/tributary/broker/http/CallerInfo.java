package io.tributary.broker.http;

import io.tributary.core.security.Permission;
import io.tributary.core.security.Permissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/me}: who the caller is and what they may do, on every address ({@code #}, as the permissions'
 * patterns write it) or on the one {@code ?address=NAME} names. The console shows only the buttons the answer allows;
 * the API still checks every request itself.
 *
 * <p>Stateless.
 */
final class CallerInfo {

    /** What {@code address} stands for when none is given: every address, as a grant on {@code #} covers it. */
    static final String EVERY_ADDRESS = "#";

    private CallerInfo() {
    }

    /**
     * @param user    the logged-in user, or null when the broker has no users (then the anonymous role applies)
     * @param address the address asked about, or null / blank for every address
     */
    static Map<String, Object> of(Permissions permissions, String user, String address) {
        String on = address == null || address.isBlank() ? EVERY_ADDRESS : address;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user", user);
        out.put("address", on);
        out.put("permissions", Arrays.stream(Permission.values()).filter(p -> permissions.allows(user, p, on))
                .map(Permission::word).toList());
        return out;
    }
}
