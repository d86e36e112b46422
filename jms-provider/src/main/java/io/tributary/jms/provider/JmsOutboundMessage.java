package io.tributary.jms.provider;

import io.tributary.jms.TributaryDestination;
import io.tributary.jms.message.MessageFacade;

/**
 * A message to send, with every header already set on its facade.
 *
 * @param producer    the producer sending it
 * @param destination where it goes (for anonymous producers, the send's destination)
 * @param facade      the message
 */
public record JmsOutboundMessage(JmsProducerInfo producer, TributaryDestination destination, MessageFacade facade) {
}
