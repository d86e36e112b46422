/**
 * The AMQP 1.0 endpoint: Netty for sockets and TLS, one Proton-J engine per connection, the core engine behind.
 *
 * <h2>How a connection runs</h2>
 * {@link io.tributary.amqp.AmqpServer} accepts sockets; each gets an {@code AmqpChannelHandler} that feeds a
 * {@code ConnectionEndpoint}: the Proton-J transport, connection and collector, confined to the channel's event
 * loop. Bytes read go into the transport, the collector's events go through {@code EventDispatch} (connection,
 * sessions, link routing), and the transport's output is written once per read. Engine callbacks (deliveries, send
 * confirmations) come back to the loop in batches through {@code LoopInbox}, rarer ones through
 * {@code ConnectionEndpoint.runLater}; nothing on the loop waits for the engine or the store (an attach that needs a
 * new persistent stream is answered once the stream is opened off the loop, see {@code SessionEndpoint}). The
 * transport is a {@code GuardedTransport}, which answers an attach before Proton-J handles its detach and tells the
 * dispatch which session an attach on a handle in use came on.
 *
 * <h2>Links</h2>
 * <ul>
 *   <li>{@code ReceivingLink}: the broker's receiving link (the client sends on it); a core {@code Producer};
 *       credit in windows, withheld while the producer is blocked, and enforced (a transfer beyond it closes the
 *       link with transfer-limit-exceeded); unsettled transfers are accepted once the engine confirms (after the
 *       store for durable messages); failures are rejected with the AMQP error.</li>
 *   <li>{@code SendingLink}: the broker's sending link (the client receives on it); a core {@code Consumer}; link
 *       credit and drain become engine credit and drain; outcomes become settle calls.</li>
 *   <li>{@code CoordinatorLink}: the transaction coordinator link (declare, discharge).</li>
 * </ul>
 * {@code Termini} reads capabilities, filters and the Qpid JMS subscription naming; {@code AmqpErrors} is the one
 * place where core failures become AMQP error conditions; {@code SaslServer} and {@code ScramSha256} log clients
 * in.
 */
package io.tributary.amqp;
