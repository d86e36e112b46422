package io.tributary.jms.message;

import io.tributary.jms.TributaryDestination;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageNotWriteableException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Set;

/**
 * The JMS message over a {@link MessageFacade}; the base of every message type. Headers are always
 * writable; properties and body are read-only on a received message until cleared.
 *
 * <p>Not thread-safe, as JMS messages are not.
 */
public class TributaryMessage implements Message {

    /** Acknowledges, per the session's mode, when the application calls {@link #acknowledge()}. */
    public interface Acknowledger {
        void acknowledge() throws JMSException;
    }

    protected final MessageFacade facade;
    private boolean readOnlyProperties;
    private boolean readOnlyBody;
    private boolean received;
    private Acknowledger acknowledger;

    protected TributaryMessage(MessageFacade facade) {
        this.facade = facade;
    }

    public MessageFacade facade() {
        return facade;
    }

    /** Makes this a received message: properties and body read-only, JMSXDeliveryCount present. */
    public void onReceive(Acknowledger ack) {
        this.received = true;
        this.acknowledger = ack;
        this.readOnlyProperties = true;
        this.readOnlyBody = true;
        loadBody();
    }

    /** Writes the body state into the facade before the facade is encoded for a send. */
    public void storeBody() throws JMSException {
    }

    /** Reads the body state from the facade after a receive. */
    protected void loadBody() {
    }

    protected final boolean bodyReadOnly() {
        return readOnlyBody;
    }

    protected final void setBodyReadOnly(boolean value) {
        readOnlyBody = value;
    }

    protected final void checkBodyWritable() throws MessageNotWriteableException {
        if (readOnlyBody) {
            throw new MessageNotWriteableException("the message body is read-only (a received message); call "
                    + "clearBody() first (Jakarta Messaging 3.1 'Read-only message body')");
        }
    }

    private void checkPropertiesWritable() throws MessageNotWriteableException {
        if (readOnlyProperties) {
            throw new MessageNotWriteableException("the message properties are read-only (a received message); "
                    + "call clearProperties() first (Jakarta Messaging 3.1 'Changing the value of a received "
                    + "message')");
        }
    }

    // ---- headers ----

    @Override
    public String getJMSMessageID() {
        return facade.messageId();
    }

    @Override
    public void setJMSMessageID(String id) throws JMSException {
        try {
            facade.setMessageId(id);
        } catch (IllegalArgumentException e) {
            throw malformedId(e);
        }
    }

    @Override
    public long getJMSTimestamp() {
        return facade.timestamp();
    }

    @Override
    public void setJMSTimestamp(long timestamp) {
        facade.setTimestamp(timestamp);
    }

    @Override
    public byte[] getJMSCorrelationIDAsBytes() {
        return facade.correlationIdBytes();
    }

    @Override
    public void setJMSCorrelationIDAsBytes(byte[] correlationID) {
        facade.setCorrelationIdBytes(correlationID);
    }

    @Override
    public void setJMSCorrelationID(String correlationID) throws JMSException {
        try {
            facade.setCorrelationId(correlationID);
        } catch (IllegalArgumentException e) {
            throw malformedId(e);
        }
    }

    /** An id string that claims an AMQP id encoding but does not hold one (see {@code JmsIds.toAmqp}). */
    private static JMSException malformedId(IllegalArgumentException e) {
        JMSException je = new JMSException(e.getMessage());
        je.setLinkedException(e);
        je.initCause(e);
        return je;
    }

    @Override
    public String getJMSCorrelationID() {
        return facade.correlationId();
    }

    @Override
    public Destination getJMSReplyTo() {
        return TributaryDestination.of(facade.replyTo(), facade.replyToType(), false);
    }

    @Override
    public void setJMSReplyTo(Destination replyTo) throws JMSException {
        if (replyTo == null) {
            facade.setReplyTo(null, (byte) -1);
            return;
        }
        TributaryDestination d = TributaryDestination.from(replyTo);
        facade.setReplyTo(d.address(), d.typeCode());
    }

    @Override
    public Destination getJMSDestination() {
        return TributaryDestination.of(facade.to(), facade.toType(), false);
    }

    @Override
    public void setJMSDestination(Destination destination) throws JMSException {
        if (destination == null) {
            facade.setTo(null, (byte) -1);
            return;
        }
        TributaryDestination d = TributaryDestination.from(destination);
        facade.setTo(d.address(), d.typeCode());
    }

    @Override
    public int getJMSDeliveryMode() {
        return facade.persistent() ? DeliveryMode.PERSISTENT : DeliveryMode.NON_PERSISTENT;
    }

    @Override
    public void setJMSDeliveryMode(int deliveryMode) throws JMSException {
        if (deliveryMode != DeliveryMode.PERSISTENT && deliveryMode != DeliveryMode.NON_PERSISTENT) {
            throw new JMSException("delivery mode " + deliveryMode + " is neither PERSISTENT (2) nor "
                    + "NON_PERSISTENT (1)");
        }
        facade.setPersistent(deliveryMode == DeliveryMode.PERSISTENT);
    }

    @Override
    public boolean getJMSRedelivered() {
        return facade.deliveryCount() > 0;
    }

    @Override
    public void setJMSRedelivered(boolean redelivered) {
        if (redelivered != getJMSRedelivered()) {
            facade.setDeliveryCount(redelivered ? 1 : 0);
        }
    }

    @Override
    public String getJMSType() {
        return facade.type();
    }

    @Override
    public void setJMSType(String type) {
        facade.setType(type);
    }

    @Override
    public long getJMSExpiration() {
        return facade.expiration();
    }

    @Override
    public void setJMSExpiration(long expiration) {
        facade.setExpiration(expiration);
    }

    @Override
    public long getJMSDeliveryTime() {
        long t = facade.deliveryTime();
        return t != 0 ? t : facade.timestamp();
    }

    @Override
    public void setJMSDeliveryTime(long deliveryTime) {
        facade.setDeliveryTime(deliveryTime);
    }

    @Override
    public int getJMSPriority() {
        return facade.priority();
    }

    @Override
    public void setJMSPriority(int priority) throws JMSException {
        if (priority < 0 || priority > 9) {
            throw new JMSException("priority " + priority + " is outside 0..9");
        }
        facade.setPriority(priority);
    }

    // ---- properties ----

    @Override
    public void clearProperties() {
        facade.clearProperties();
        facade.setGroupId(null);
        facade.setGroupSequence(0);
        readOnlyProperties = false;
    }

    @Override
    public boolean propertyExists(String name) {
        return name != null && MessageProperties.get(facade, received, name) != null;
    }

    @Override
    public boolean getBooleanProperty(String name) throws JMSException {
        return TypeConversion.asBoolean(getObjectProperty(name));
    }

    @Override
    public byte getByteProperty(String name) throws JMSException {
        return TypeConversion.asByte(getObjectProperty(name));
    }

    @Override
    public short getShortProperty(String name) throws JMSException {
        return TypeConversion.asShort(getObjectProperty(name));
    }

    @Override
    public int getIntProperty(String name) throws JMSException {
        return TypeConversion.asInt(getObjectProperty(name));
    }

    @Override
    public long getLongProperty(String name) throws JMSException {
        return TypeConversion.asLong(getObjectProperty(name));
    }

    @Override
    public float getFloatProperty(String name) throws JMSException {
        return TypeConversion.asFloat(getObjectProperty(name));
    }

    @Override
    public double getDoubleProperty(String name) throws JMSException {
        return TypeConversion.asDouble(getObjectProperty(name));
    }

    @Override
    public String getStringProperty(String name) throws JMSException {
        return TypeConversion.asString(getObjectProperty(name));
    }

    @Override
    public Object getObjectProperty(String name) {
        return name == null ? null : MessageProperties.get(facade, received, name);
    }

    @Override
    public Enumeration<String> getPropertyNames() {
        Set<String> names = MessageProperties.names(facade, received);
        return Collections.enumeration(names);
    }

    @Override
    public void setBooleanProperty(String name, boolean value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setByteProperty(String name, byte value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setShortProperty(String name, short value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setIntProperty(String name, int value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setLongProperty(String name, long value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setFloatProperty(String name, float value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setDoubleProperty(String name, double value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setStringProperty(String name, String value) throws JMSException {
        setObjectProperty(name, value);
    }

    @Override
    public void setObjectProperty(String name, Object value) throws JMSException {
        MessageProperties.checkName(name);
        checkPropertiesWritable();
        if (value != null && !TypeConversion.isPropertyType(value)) {
            throw new MessageFormatException("property " + name + " cannot hold a " + value.getClass().getName()
                    + "; allowed are Boolean, Byte, Short, Integer, Long, Float, Double and String");
        }
        MessageProperties.set(facade, name, value);
    }

    // ---- acknowledge and body ----

    @Override
    public void acknowledge() throws JMSException {
        if (acknowledger != null) {
            acknowledger.acknowledge();
        }
    }

    @Override
    public void clearBody() throws JMSException {
        facade.clearBody();
        readOnlyBody = false;
    }

    /** True when the message has a body (Message itself never does). */
    protected boolean hasBody() {
        return false;
    }

    /** The body as the class the application asks for (see {@link #getBody(Class)}). */
    protected Object bodyValue() throws JMSException {
        return null;
    }

    @Override
    public <T> T getBody(Class<T> c) throws JMSException {
        if (!hasBody()) {
            return null;
        }
        if (!isBodyAssignableTo(c)) {
            throw new MessageFormatException("the body of this " + getClass().getSimpleName()
                    + " cannot be returned as " + c.getName());
        }
        return c.cast(bodyValue());
    }

    @Override
    @SuppressWarnings("rawtypes")
    public boolean isBodyAssignableTo(Class c) throws JMSException {
        return true;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[id=" + getJMSMessageID() + ", to=" + getJMSDestination() + "]";
    }
}
