package io.tributary.jms;

import jakarta.jms.IllegalStateException;
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

    TemporaryOwner owner() {
        return owner;
    }

    @Override
    public void delete() throws JMSException {
        if (owner == null) {
            throw new IllegalStateException("temporary topic " + address()
                    + " can only be deleted through the connection that created it");
        }
        owner.deleteTemporary(this);
    }
}
