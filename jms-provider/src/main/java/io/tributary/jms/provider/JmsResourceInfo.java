package io.tributary.jms.provider;

/** A descriptor of something the JMS layer opens on a provider. */
public sealed interface JmsResourceInfo permits JmsSessionInfo, JmsProducerInfo, JmsConsumerInfo {
}
