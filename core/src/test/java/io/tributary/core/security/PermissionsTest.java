package io.tributary.core.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tributary.core.BrokerException;
import org.junit.jupiter.api.Test;

class PermissionsTest {

    private final Permissions permissions = Permissions.builder()
            .member("shop", "alice")
            .member("audit", "carol")
            .grant("shop", "orders.*", "send, consume")
            .grant("audit", "orders.#", "browse")
            .grant("everyone", "status", "browse")
            .grant("anonymous", "public.#", "send")
            .build();

    @Test
    void aStarMatchesOneWordAndAHashAnyNumberOfWords() {
        assertTrue(permissions.allows("alice", Permission.SEND, "orders.eu"));
        assertFalse(permissions.allows("alice", Permission.SEND, "orders"));
        assertFalse(permissions.allows("alice", Permission.SEND, "orders.eu.north"));
        assertTrue(permissions.allows("carol", Permission.BROWSE, "orders"));
        assertTrue(permissions.allows("carol", Permission.BROWSE, "orders.eu.north"));
        assertFalse(permissions.allows("carol", Permission.BROWSE, "ordersx"));
    }

    @Test
    void onlyWhatARoleOfTheUserIsGrantedIsAllowed() {
        assertFalse(permissions.allows("alice", Permission.BROWSE, "orders.eu"), "shop may not browse");
        assertFalse(permissions.allows("carol", Permission.CONSUME, "orders.eu"), "audit may only browse");
        assertFalse(permissions.allows("alice", Permission.CREATE, "orders.eu"));
        assertTrue(permissions.allows("dave", Permission.BROWSE, "status"), "every user has the role everyone");
        assertFalse(permissions.allows(null, Permission.BROWSE, "status"), "an anonymous connection is not a user");
        assertTrue(permissions.allows(null, Permission.SEND, "public.news"));
        assertFalse(permissions.allows("alice", Permission.SEND, "public.news"), "a user is not anonymous");
    }

    @Test
    void aRefusalNamesTheUserThePermissionAndTheAddress() {
        BrokerException e = assertThrows(BrokerException.class,
                () -> permissions.check("carol", Permission.CONSUME, "orders.eu"));
        assertEquals(BrokerException.Kind.UNAUTHORIZED, e.kind());
        assertTrue(e.getMessage().contains("'carol'") && e.getMessage().contains("consume")
                && e.getMessage().contains("'orders.eu'"), e.getMessage());
    }

    @Test
    void withoutAnyGrantEverythingIsAllowed() {
        Permissions none = Permissions.builder().member("shop", "alice").build();
        assertTrue(none.allowsAll());
        assertTrue(none.allows(null, Permission.DELETE, "anything"));
    }

    @Test
    void anUnknownPermissionOrAnEmptyWordIsRefusedWithWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Permissions.builder().grant("r", "orders", "send,write"));
        assertTrue(e.getMessage().contains("'write'") && e.getMessage().contains("consume"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Permissions.builder().grant("r", "orders..x", "send"));
    }
}
