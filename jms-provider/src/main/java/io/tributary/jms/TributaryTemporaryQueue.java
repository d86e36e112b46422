package io.tributary.jms;

import jakarta.jms.JMSException;
import jakarta.jms.TemporaryQueue;

/** A temporary queue; only the connection that created it can delete it. Thread-safe (immutable). */
public final class TributaryTemporaryQueue extends TributaryQueue implements TemporaryQueue {

    private static final long serialVersionUID = 1L;

    private final transient TemporaryOwner owner;

    TributaryTemporaryQueue(String address, TemporaryOwner owner) {
        super(address);
        this.owner = owner;
    }

    @Override
    public boolean isTemporary() {
        return true;
    }

    @Override
    TemporaryOwner temporaryOwner() {
        return owner;
    }

    @Override
    public void delete() throws JMSException {
        deleteTemporary(owner, this);
    }
}
