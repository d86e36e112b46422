package io.tributary.jms;

import jakarta.jms.Topic;

/** A topic destination. Immutable. */
public class TributaryTopic extends TributaryDestination implements Topic {

    private static final long serialVersionUID = 1L;

    public TributaryTopic(String address) {
        super(address);
    }

    @Override
    public String getTopicName() {
        return address();
    }

    @Override
    public boolean isTopic() {
        return true;
    }
}
