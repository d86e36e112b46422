package io.tributary.jms;

import jakarta.jms.JMSException;
import jakarta.jms.TemporaryTopic;

/** A temporary topic; only the connection that created it can delete it. Thread-safe (immutable). */
public final class TributaryTemporaryTopic extends TributaryTopic implements TemporaryTopic {

    private static final long serialVersionUID = 1L;

    private final transient TemporaryOwner owner;

    TributaryTemporaryTopic(String address, TemporaryOwner owner) {
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
