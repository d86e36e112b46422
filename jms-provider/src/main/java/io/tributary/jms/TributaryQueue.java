package io.tributary.jms;

import jakarta.jms.Queue;

/** A queue destination. Immutable. */
public class TributaryQueue extends TributaryDestination implements Queue {

    private static final long serialVersionUID = 1L;

    public TributaryQueue(String address) {
        super(address);
    }

    @Override
    public String getQueueName() {
        return address();
    }

    @Override
    public boolean isTopic() {
        return false;
    }
}
