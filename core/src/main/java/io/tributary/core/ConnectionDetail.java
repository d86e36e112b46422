package io.tributary.core;

import java.util.List;

/**
 * A snapshot of one client connection with its sessions and links, for operators.
 *
 * @param connection the connection as {@link Management#connections()} lists it
 * @param sessions   its open sessions, oldest first
 */
public record ConnectionDetail(ConnectionStatus connection, List<Session> sessions) {

    /**
     * One open session.
     *
     * @param id    its number within the connection (1 for the first the connection opened)
     * @param links its producers and consumers, oldest first
     */
    public record Session(long id, List<Link> links) {
    }

    /** Which way a link carries messages, from the broker's side. */
    public enum Role {
        /** The broker sends to the client: a consumer (a browser or stream reader too). */
        SENDER,
        /** The broker receives from the client: a producer. */
        RECEIVER
    }

    /**
     * One link (a producer or a consumer) of a session.
     *
     * @param name         the protocol layer's name for it (the AMQP link name), or the engine's ({@code consumer-3})
     *                     when the protocol layer gave none
     * @param role         which way it carries messages
     * @param address      the address (for a consumer, the queue, subscription queue or stream it reads); null for an
     *                     anonymous producer
     * @param credit       a consumer's credit not yet used; null for a producer (its protocol layer grants credit)
     * @param unsettled    a consumer's deliveries not yet settled; null for a producer and a stream reader
     * @param delivered    messages delivered to a consumer; null for a producer and a stream reader
     * @param acknowledged a consumer's deliveries settled as accepted; null for a producer and a stream reader
     * @param received     messages a producer sent that the broker took; null for a consumer
     */
    public record Link(String name, Role role, String address, Integer credit, Integer unsettled, Long delivered,
                       Long acknowledged, Long received) {
    }
}
