package io.tributary.core;

import java.time.Instant;

/**
 * A snapshot of one client connection for operators.
 *
 * @param id          the engine's id ({@code conn-7}), which {@link Management#closeConnection} takes
 * @param info        who connected: container id, client id, user, where from
 * @param connectedAt when the engine connection was opened
 * @param sessions    open sessions
 * @param producers   open producers
 * @param consumers   open consumers (browsers and stream readers included)
 */
public record ConnectionStatus(String id, ConnectionInfo info, Instant connectedAt, int sessions, int producers,
                               int consumers) {
}
